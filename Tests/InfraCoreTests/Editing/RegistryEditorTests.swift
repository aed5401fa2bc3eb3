import InfraCore
import Testing

/// Whole-file expectations: every byte outside the edited entry must stay as written.
@Suite("Registry editor")
struct RegistryEditorTests {
    static let registry = """
        # Registry of a small platform.
        version: 1

        apps:
          forge: { ports: 3000-3999 }
          shop:  { ports: 4000-4999 }   # the shop
          blog:  { ports: 5000-5999 }

        port_registry:
          allocated:
            # --- FORGE ---
            3000:
              service: forge-db
              app: forge
              type: database
              internal_port: 5432   # postgres
            # --- SHOP ---
            4000:
              service: shop-api
              app: shop
              # keep "quotes" and comments inside entries
              description: "Shop API"
            4005:
              service: shop-web
              app: shop

            # --- BLOG (5000-5999): nothing yet ---

        services:
          forge:
            dev:
              - name: forge-db
                type: database
                compose_file: forge/docker-compose.yml
          shop:
            dev:
              - name: shop-api
                type: api
                compose_file: apps/shop/docker-compose.yml
              # the web front end
              - name: shop-web
                type: frontend
                compose_file: apps/shop/docker-compose.yml
          # blog: coming soon

        rules:
          shared_apps: [forge]

        """

    private func edited(_ text: String = registry, _ edit: (inout RegistryEditor) throws -> Void) throws -> String {
        var editor = try RegistryEditor(text: text, file: ".dev/infra/registry.yml")
        try edit(&editor)
        return editor.text
    }

    private let fields = [YAMLField("service", "shop-worker"), YAMLField("app", "shop"), YAMLField("protocol", "tcp")]

    @Test func allocationGoesAfterTheAppsLowerPort() throws {
        let text = try edited { try $0.addAllocation(port: 4001, app: "shop", fields: fields) }
        #expect(text == Self.registry.replacingOccurrences(of: """
                  description: "Shop API"
                4005:
            """, with: """
                  description: "Shop API"
                4001:
                  service: shop-worker
                  app: shop
                  protocol: tcp
                4005:
            """))
    }

    @Test func allocationBelowTheAppsPortsGoesBeforeTheFirst() throws {
        let allocated = try edited(Self.registry.replacingOccurrences(of: "    4000:\n      service: shop-api", with: "    4002:\n      service: shop-api")) {
            try $0.addAllocation(port: 4001, app: "shop", fields: fields)
        }
        #expect(allocated.contains("""
                # --- SHOP ---
                4001:
                  service: shop-worker
                  app: shop
                  protocol: tcp
                4002:
            """))
    }

    @Test func firstAllocationOfAnAppGoesUnderTheCommentNamingIt() throws {
        let text = try edited {
            try $0.addAllocation(port: 5000, app: "blog", fields: [YAMLField("service", "blog-api"), YAMLField("app", "blog")])
        }
        #expect(text == Self.registry.replacingOccurrences(of: """
                # --- BLOG (5000-5999): nothing yet ---

            """, with: """
                # --- BLOG (5000-5999): nothing yet ---
                5000:
                  service: blog-api
                  app: blog

            """))
    }

    @Test func allocationFollowsFlowStyleNeighbours() throws {
        let registry = """
            version: 1
            apps: { a: { ports: 100-200 } }
            port_registry:
              allocated:
                100: { service: a1, app: a }   # first
                150: { service: a2, app: a }
            """
        let text = try edited(registry) { try $0.addAllocation(port: 101, app: "a", fields: [YAMLField("service", "a3"), YAMLField("app", "a")]) }
        #expect(text == """
            version: 1
            apps: { a: { ports: 100-200 } }
            port_registry:
              allocated:
                100: { service: a1, app: a }   # first
                101: { service: a3, app: a }
                150: { service: a2, app: a }
            """)
    }

    @Test func emptyOrMissingAllocationTablesAreOpened() throws {
        let empty = "version: 1\nport_registry:\n  allocated: {}   # none yet\n"
        #expect(try edited(empty) { try $0.addAllocation(port: 7, app: "a", fields: [YAMLField("service", "s")]) } == """
            version: 1
            port_registry:
              allocated:   # none yet
                7:
                  service: s

            """)
        let missing = "version: 1\napps:\n  a: { ports: 1-9 }\n"
        #expect(try edited(missing) { try $0.addAllocation(port: 7, app: "a", fields: [YAMLField("service", "s")]) } == """
            version: 1
            apps:
              a: { ports: 1-9 }

            port_registry:
              allocated:
                7:
                  service: s

            """)
    }

    @Test func removingAnAllocationTakesItsCommentsWithIt() throws {
        let text = try edited { try $0.removeAllocation(port: 4000) }
        #expect(text == Self.registry.replacingOccurrences(of: """
                4000:
                  service: shop-api
                  app: shop
                  # keep "quotes" and comments inside entries
                  description: "Shop API"

            """, with: ""))
        let last = try edited("version: 1\nport_registry:\n  allocated:\n    7:\n      service: s\n# end\n") { try $0.removeAllocation(port: 7) }
        #expect(last == "version: 1\nport_registry:\n  allocated: {}\n# end\n")
        #expect(throws: EditError.self) { try edited { try $0.removeAllocation(port: 4999) } }
    }

    @Test func serviceGoesAfterTheLastOfItsList() throws {
        let service = [YAMLField("name", "shop-worker"), YAMLField("type", "worker"), YAMLField("ports", "[4001]")]
        let text = try edited { try $0.addService(app: "shop", environment: .dev, fields: service) }
        #expect(text == Self.registry.replacingOccurrences(of: """
                    compose_file: apps/shop/docker-compose.yml
              # blog
            """, with: """
                    compose_file: apps/shop/docker-compose.yml
                  - name: shop-worker
                    type: worker
                    ports: [4001]
              # blog
            """))
    }

    @Test func newEnvironmentAndNewAppAreCreated() throws {
        let service = [YAMLField("name", "shop-prod-api"), YAMLField("type", "api")]
        let prod = try edited { try $0.addService(app: "shop", environment: .prod, fields: service) }
        #expect(prod == Self.registry.replacingOccurrences(of: """
                    compose_file: apps/shop/docker-compose.yml
              # blog
            """, with: """
                    compose_file: apps/shop/docker-compose.yml
                prod:
                  - name: shop-prod-api
                    type: api
              # blog
            """))
        let blog = try edited { try $0.addService(app: "blog", environment: .dev, fields: [YAMLField("name", "blog-api"), YAMLField("type", "api")]) }
        #expect(blog == Self.registry.replacingOccurrences(of: """
              # blog: coming soon

            """, with: """
              # blog: coming soon
              blog:
                dev:
                  - name: blog-api
                    type: api

            """))
    }

    @Test func removingServicesRemovesEmptiedLists() throws {
        let one = try edited { try $0.removeService(named: "shop-web") }
        #expect(one == Self.registry.replacingOccurrences(of: """
                  - name: shop-web
                    type: frontend
                    compose_file: apps/shop/docker-compose.yml

            """, with: ""))
        let app = try edited { try $0.removeService(named: "forge-db") }
        #expect(app == Self.registry.replacingOccurrences(of: """
              forge:
                dev:
                  - name: forge-db
                    type: database
                    compose_file: forge/docker-compose.yml

            """, with: ""))
        #expect(throws: EditError.self) { try edited { try $0.removeService(named: "nobody") } }
    }

    @Test func addThenRemoveGivesBackTheSameBytes() throws {
        let crlf = Self.registry.replacingOccurrences(of: "\n", with: "\r\n")
        for original in [Self.registry, crlf] {
            var editor = try RegistryEditor(text: original, file: "r.yml")
            try editor.addAllocation(port: 5000, app: "blog", fields: [YAMLField("service", "blog-api"), YAMLField("app", "blog")])
            try editor.addService(app: "blog", environment: .dev, fields: [YAMLField("name", "blog-api"), YAMLField("type", "api")])
            #expect(editor.text != original)
            if original == crlf {
                let bytes = Array(editor.text.utf8)
                #expect(bytes.indices.allSatisfy { bytes[$0] != 10 || ($0 > 0 && bytes[$0 - 1] == 13) }, "a CRLF file got a bare LF")
            }
            try editor.removeService(named: "blog-api")
            try editor.removeAllocation(port: 5000)
            #expect(editor.text == original)
        }
    }

    @Test func flowStyleListsThatWouldNeedRewritingAreRefused() throws {
        let registry = "version: 1\nport_registry:\n  allocated: { 1: { service: a, app: x } }\n"
        #expect(throws: EditError.self) { try edited(registry) { try $0.addAllocation(port: 2, app: "x", fields: [YAMLField("service", "b")]) } }
    }
}
