import Foundation
import InfraCore
import Testing

@Suite("Rule catalogue")
struct RuleCatalogTests {
    @Test("every rule's examples hold", arguments: RuleCatalog.all.map { $0.description.id })
    func examples(id: String) throws {
        let rule = try #require(RuleCatalog.rule(id: id))
        RuleVerifier.verify(rule)
    }

    @Test func idsAreUniqueAndDocumented() {
        let ids = RuleCatalog.all.map { $0.description.id }
        #expect(Set(ids).count == ids.count)
        for rule in RuleCatalog.all {
            let description = rule.description
            #expect(description.id.range(of: #"^[A-Z]{2,4}\d{3}$"#, options: .regularExpression) != nil, "\(description.id)")
            #expect(!description.rationale.isEmpty, "\(description.id) has no rationale")
            #expect(!description.triggeringExamples.isEmpty, "\(description.id) has no triggering example")
            #expect(!description.nonTriggeringExamples.isEmpty, "\(description.id) has no non-triggering example")
        }
    }
}
