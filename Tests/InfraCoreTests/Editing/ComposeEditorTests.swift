import InfraCore
import Testing

@Suite("Compose editor")
struct ComposeEditorTests {
    static let compose = """
        # Shop: development stack.
        name: shop

        services:
          shop-api:
            image: shop/api:dev   # pinned by CI
            ports:
              - "4000:8000"
            networks:
              - default
              - forge-network

          shop-web:
            image: 'shop/web:dev'
            depends_on:
              shop-api:
                condition: service_healthy

        networks:
          forge-network:
            external: true

        """

    static var worker: YAMLFragment {
        var fragment = YAMLFragment()
        fragment.field("shop-worker", depth: 0)
        fragment.field("image", "shop/worker:dev", depth: 1)
        fragment.field("ports", depth: 1)
        fragment.item("\"4001:9000\"", depth: 2)
        return fragment
    }

    @Test func serviceGoesAfterTheLastWithTheFilesBlankLine() throws {
        var editor = try ComposeEditor(text: Self.compose, file: "c.yml")
        try editor.addService(Self.worker)
        #expect(editor.text == Self.compose.replacingOccurrences(of: """
                    condition: service_healthy

            networks:
            """, with: """
                    condition: service_healthy

              shop-worker:
                image: shop/worker:dev
                ports:
                  - "4001:9000"

            networks:
            """))
    }

    @Test func followsFourSpaceIndentAndIndentlessLists() throws {
        let compose = """
            services:
                api:
                    ports:
                    - "1:2"
            """
        var editor = try ComposeEditor(text: compose, file: "c.yml")
        try editor.addService(Self.worker)
        #expect(editor.text == """
            services:
                api:
                    ports:
                    - "1:2"
                shop-worker:
                    image: shop/worker:dev
                    ports:
                    - "4001:9000"

            """)
    }

    @Test func declaresNetworksWhereverTheyAre() throws {
        var editor = try ComposeEditor(text: Self.compose, file: "c.yml")
        try editor.declareNetwork("shop-internal", fields: [YAMLField("name", "shop-internal"), YAMLField("internal", "true")])
        #expect(editor.text == Self.compose + """
              shop-internal:
                name: shop-internal
                internal: true

            """)
        var bare = try ComposeEditor(text: "services:\n  a:\n    image: x\n", file: "c.yml")
        try bare.declareNetwork("forge-network", fields: [YAMLField("external", "true")])
        #expect(bare.text == "services:\n  a:\n    image: x\n\nnetworks:\n  forge-network:\n    external: true\n")
        #expect(bare.networkKeys == ["forge-network"])
    }

    @Test func removingAServiceTakesOneSeparatingBlankLine() throws {
        var editor = try ComposeEditor(text: Self.compose, file: "c.yml")
        try editor.removeService("shop-web")
        #expect(editor.text == Self.compose.replacingOccurrences(of: """

              shop-web:
                image: 'shop/web:dev'
                depends_on:
                  shop-api:
                    condition: service_healthy

            """, with: ""))
        var first = try ComposeEditor(text: Self.compose, file: "c.yml")
        try first.removeService("shop-api")
        #expect(first.text.hasPrefix("# Shop: development stack.\nname: shop\n\nservices:\n  shop-web:\n    image: 'shop/web:dev'\n"))
    }

    @Test func addThenRemoveGivesBackTheSameBytes() throws {
        var editor = try ComposeEditor(text: Self.compose, file: "c.yml")
        try editor.addService(Self.worker)
        try editor.removeService("shop-worker")
        #expect(editor.text == Self.compose)
        var lone = try ComposeEditor(text: "services:\n  a:\n    image: x\n\nnetworks: {}\n", file: "c.yml")
        try lone.removeService("a")
        #expect(lone.text == "services: {}\n\nnetworks: {}\n")
    }

    @Test func findsAServiceByContainerName() throws {
        var editor = try ComposeEditor(text: "services:\n  api:\n    container_name: shop-api\n  web:\n    image: w\n", file: "c.yml")
        try editor.removeService("shop-api")
        #expect(editor.text == "services:\n  web:\n    image: w\n")
        #expect(throws: EditError.self) { try editor.removeService("nothing") }
    }

    @Test func newFileHasTheServiceAndItsNetworks() {
        let text = ComposeEditor.newFile(
            comment: ["Blog: development stack.", ""], projectName: "blog-dev", service: Self.worker,
            networks: [("forge-network", [YAMLField("external", "true")])])
        #expect(text == """
            # Blog: development stack.
            #

            name: blog-dev

            services:
              shop-worker:
                image: shop/worker:dev
                ports:
                  - "4001:9000"

            networks:
              forge-network:
                external: true

            """)
    }
}

@Suite("Changelog editor")
struct ChangelogEditorTests {
    static let changelog = """
        # Changelog

        ## [Unreleased]

        ## 2026-11-29

        ### Added
        - First thing.

        ### Removed
        - Old thing.

        ## 2026-11-01

        ### Added
        - Start.

        """

    @Test func entryGoesUnderTheDaysSection() {
        var editor = ChangelogEditor(text: Self.changelog)
        editor.add("Second thing.", to: .added, on: "2026-11-29")
        #expect(editor.text == Self.changelog.replacingOccurrences(of: "- First thing.\n", with: "- First thing.\n- Second thing.\n"))
    }

    @Test func missingSectionIsCreatedInKeepAChangelogOrder() {
        var editor = ChangelogEditor(text: Self.changelog)
        editor.add("Tweak.", to: .changed, on: "2026-11-29")
        #expect(editor.text == Self.changelog.replacingOccurrences(of: "- First thing.\n\n### Removed", with: "- First thing.\n\n### Changed\n- Tweak.\n\n### Removed"))
        var removed = ChangelogEditor(text: "# Changelog\n\n## 2026-11-29\n\n### Added\n- A.\n")
        removed.add("B.", to: .removed, on: "2026-11-29")
        #expect(removed.text == "# Changelog\n\n## 2026-11-29\n\n### Added\n- A.\n\n### Removed\n- B.\n")
    }

    @Test func newDayGoesAboveTheNewestButBelowUnreleased() {
        var editor = ChangelogEditor(text: Self.changelog)
        editor.add("Tomorrow.", to: .added, on: "2026-11-30")
        #expect(editor.text == Self.changelog.replacingOccurrences(
            of: "## [Unreleased]\n\n## 2026-11-29", with: "## [Unreleased]\n\n## 2026-11-30\n\n### Added\n- Tomorrow.\n\n## 2026-11-29"))
        var empty = ChangelogEditor(text: "# Changelog\n")
        empty.add("First.", to: .added, on: "2026-12-01")
        #expect(empty.text == "# Changelog\n\n## 2026-12-01\n\n### Added\n- First.\n")
    }

    @Test func newFile() {
        let text = ChangelogEditor.newFile(platform: "AXIOM", entry: "X.", section: .added, date: "2026-12-01")
        #expect(text.hasPrefix("# Changelog\n"))
        #expect(text.hasSuffix("## 2026-12-01\n\n### Added\n- X.\n"))
    }
}

@Suite("Inventory editor")
struct InventoryEditorTests {
    static let document = """
        # Platform

        ## Service Inventory

        | Service | App | Type | Ports |
        |---|---|---|---|
        | forge-db | forge | database | 3000 |
        | shop-api | shop | api | 4000 |
        | blog-api | blog | api | 5000 |

        Text after the table.

        """

    private func service(_ name: String, app: String) -> Registry.Service {
        let here = SourceLocation(file: "r.yml", line: 1, column: 1)
        return Registry.Service(name: name, app: app, type: .worker, ports: [Located(4001, at: here)], composeFile: "c.yml", location: here)
    }

    @Test func rowGoesAfterTheAppsLastRowInTheTablesColumns() throws {
        var editor = InventoryEditor(text: Self.document)
        try editor.addRow(for: service("shop-worker", app: "shop"), in: Registry(file: "r.yml"))
        #expect(editor.text == Self.document.replacingOccurrences(
            of: "| shop-api | shop | api | 4000 |\n", with: "| shop-api | shop | api | 4000 |\n| shop-worker | shop | worker | 4001 |\n"))
        var other = InventoryEditor(text: Self.document)
        try other.addRow(for: service("atlas-api", app: "atlas"), in: Registry(file: "r.yml"))
        #expect(other.text == Self.document.replacingOccurrences(
            of: "| blog-api | blog | api | 5000 |\n", with: "| blog-api | blog | api | 5000 |\n| atlas-worker | atlas | worker | 4001 |\n".replacingOccurrences(of: "atlas-worker", with: "atlas-api")))
    }

    @Test func rowIsRemoved() {
        var editor = InventoryEditor(text: Self.document)
        editor.removeRow(for: "shop-api")
        #expect(editor.text == Self.document.replacingOccurrences(of: "| shop-api | shop | api | 4000 |\n", with: ""))
        editor.removeRow(for: "nobody")
        #expect(editor.text == Self.document.replacingOccurrences(of: "| shop-api | shop | api | 4000 |\n", with: ""))
    }

    @Test func documentWithoutTableIsRefused() {
        var editor = InventoryEditor(text: "# Nothing\n")
        #expect(!editor.hasTable)
        #expect(throws: EditError.self) { try editor.addRow(for: service("x", app: "y"), in: Registry(file: "r.yml")) }
    }
}

@Suite("Unified diff")
struct UnifiedDiffTests {
    @Test func hunksWithContext() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 2\n", with: "line 2\nadded\n").replacingOccurrences(of: "line 11\n", with: "")
        #expect(UnifiedDiff.diff(old: old, new: new, oldName: "a/f", newName: "b/f") == """
            --- a/f
            +++ b/f
            @@ -1,5 +1,6 @@
             line 1
             line 2
            +added
             line 3
             line 4
             line 5
            @@ -8,5 +9,4 @@
             line 8
             line 9
             line 10
            -line 11
             line 12

            """)
    }

    @Test func newFileAndMissingFinalNewline() {
        #expect(UnifiedDiff.diff(old: "", new: "a\nb\n", oldName: "/dev/null", newName: "b/f") == "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(UnifiedDiff.diff(old: "a", new: "a\nb\n", oldName: "a/f", newName: "b/f") == "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n+b\n")
        #expect(UnifiedDiff.diff(old: "same\n", new: "same\n", oldName: "a", newName: "b").isEmpty)
    }

    @Test func largeFilesWithScatteredEdits() {
        let old = (1...3000).map { "row \($0)" }
        var new = old
        new[10] = "changed"
        new.remove(at: 2000)
        new.insert("inserted", at: 2900)
        let diff = UnifiedDiff.diff(old: old.joined(separator: "\n") + "\n", new: new.joined(separator: "\n") + "\n", oldName: "a", newName: "b")
        #expect(diff.components(separatedBy: "\n@@").count == 4)
        #expect(diff.contains("-row 11\n+changed\n"))
        #expect(diff.contains("-row 2001\n"))
        #expect(diff.contains("+inserted\n"))
    }
}
