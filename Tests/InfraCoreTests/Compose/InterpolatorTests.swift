import InfraCore
import Testing

@Suite("Compose interpolation")
struct InterpolatorTests {
    let interpolator = Interpolator(variables: ["SET": "value", "EMPTY": "", "PORT": "8080"])

    func value(_ text: String) throws -> String {
        try interpolator.interpolate(text).get().value
    }

    @Test func substitutesPlainAndBracedReferences() throws {
        #expect(try value("$SET") == "value")
        #expect(try value("${SET}") == "value")
        #expect(try value("a-${SET}-b/$SET.x") == "a-value-b/value.x")
        #expect(try value("$UNSET") == "")
        #expect(try value("${UNSET}") == "")
    }

    @Test func appliesDefaultsWithAndWithoutColon() throws {
        #expect(try value("${UNSET:-d}") == "d")
        #expect(try value("${EMPTY:-d}") == "d")
        #expect(try value("${EMPTY-d}") == "")
        #expect(try value("${UNSET-d}") == "d")
        #expect(try value("${SET:-d}") == "value")
        #expect(try value("${PORT:-80}:80") == "8080:80")
    }

    @Test func appliesAlternatives() throws {
        #expect(try value("${SET:+alt}") == "alt")
        #expect(try value("${EMPTY:+alt}") == "")
        #expect(try value("${EMPTY+alt}") == "alt")
        #expect(try value("${UNSET+alt}") == "")
    }

    @Test func nestsDefaults() throws {
        #expect(try value("${UNSET:-${SET}}") == "value")
        #expect(try value("${UNSET:-${ALSO_UNSET:-deep}}") == "deep")
        #expect(try value("${SET:-${UNSET:?never evaluated}}") == "value")
    }

    @Test func escapesDollarWithDollar() throws {
        #expect(try value("$$SET") == "$SET")
        #expect(try value("$${SET}") == "${SET}")
        #expect(try value("cost: 5$") == "cost: 5$")
        #expect(try value("$1 and $ alone") == "$1 and $ alone")
    }

    /// Text that is not ASCII passes through whole, next to substitutions and in defaults: a `$`
    /// before a letter outside ASCII is no name (compose-go's names are ASCII).
    @Test func textOutsideASCIIPassesThrough() throws {
        #expect(try value("préfixe-${SET}-ü") == "préfixe-value-ü")
        #expect(try value("${UNSET:-défaut 🚀}") == "défaut 🚀")
        #expect(try value("€$SET€") == "€value€")
        #expect(try value("$é and ${SET}") == "$é and value")
        #expect(try value("日本語") == "日本語")
        #expect(interpolator.interpolate("${UNSET:?manque ü}").failure == .required(name: "UNSET", message: "manque ü"))
        #expect(interpolator.interpolate("${é}").failure != nil)
    }

    @Test func refusesMissingRequiredVariablesWithComposeMessage() {
        #expect(interpolator.interpolate("${UNSET:?set it}").failure == .required(name: "UNSET", message: "set it"))
        #expect(interpolator.interpolate("${EMPTY:?x}").failure?.message == "required variable EMPTY is missing a value: x")
        #expect(interpolator.interpolate("${EMPTY?x}").failure == nil)
        #expect(interpolator.interpolate("${UNSET?}").failure?.message == "required variable UNSET is missing a value")
    }

    @Test func refusesInvalidTemplates() {
        #expect(interpolator.interpolate("${}").failure != nil)
        #expect(interpolator.interpolate("${SET").failure != nil)
        #expect(interpolator.interpolate("${1A}").failure != nil)
        #expect(interpolator.interpolate("${SET:x}").failure != nil)
    }

    @Test func reportsEveryLookupWithDefaultAndDefinedness() throws {
        let lookups = try interpolator.interpolate("$SET ${UNSET:-x} ${NONE}").get().lookups
        #expect(lookups == [
            .init(name: "SET", hasDefault: false, isDefined: true),
            .init(name: "UNSET", hasDefault: true, isDefined: false),
            .init(name: "NONE", hasDefault: false, isDefined: false),
        ])
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
