import InfraCore
import Testing

/// Every cause explainer's examples, run through a whole diagnosis.
@Suite("Cause explainers")
struct CauseExplainerTests {
    @Test(arguments: RootCause.Kind.allCases)
    func examples(_ kind: RootCause.Kind) {
        let explainer = CauseCatalog.explainer(for: kind)
        #expect(type(of: explainer).description.kind == kind)
        CauseVerifier.verify(type(of: explainer))
    }

    @Test func everyKindHasItsOwnExplainer() {
        var kinds: [RootCause.Kind] = []
        var names: Set<String> = []
        for explainer in CauseCatalog.all {
            kinds.append(explainer.description.kind)
            names.insert(String(describing: explainer))
        }
        #expect(kinds == RootCause.Kind.allCases)
        #expect(names.count == RootCause.Kind.allCases.count)
    }

    /// The verifier itself fails on a wrong explanation, a wrong place and a missing marker.
    @Test func theVerifierNoticesAWrongExpectation() throws {
        let description = OutOfMemoryCause.description
        let example = try #require(description.examples.first)
        var wrongText = example
        wrongText.explanation = "It ran out of memory."
        var unmarked = example
        unmarked.files = example.unmarked().files
        for broken in [wrongText, unmarked] {
            withKnownIssue {
                CauseVerifier.verify(broken, of: description)
            }
        }
    }
}
