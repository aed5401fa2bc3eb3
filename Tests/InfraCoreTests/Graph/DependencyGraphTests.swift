import InfraCore
import Testing

@Suite("Dependency graph")
struct DependencyGraphTests {
    static let registry = """
        version: 1
        apps:
          forge: { ports: 3000-3999 }
          shop: { ports: 4000-4999 }
        networks:
          forge-network: { external: true, shared: true }
        services:
          forge:
            dev:
              - { name: forge-postgres, type: database, ports: [3432], networks: [forge-network], compose_file: forge/c.yml }
          shop:
            dev:
              - { name: end, type: api, ports: [4000], networks: [default, forge-network], dependencies: [forge-postgres, ghost], compose_file: shop/c.yml }
              - { name: shop-web, type: frontend, dependencies: [end], domain: shop.test, compose_file: shop/c.yml }
        startup_order:
          - { tier: 1, name: Data stores, types: [database] }
          - { tier: 5, name: Backends, types: [api] }
        """

    func graph(apps: Set<String>? = nil) throws -> DependencyGraph {
        let workspace = Workspace(root: "/w", files: MemoryFileSource([Workspace.defaultRegistryPath: Self.registry]), environment: [:])
        return DependencyGraph(registry: try RegistryLoader(workspace: workspace).load(), apps: apps)
    }

    @Test func groupsByTierWithEdges() throws {
        let graph = try graph()
        #expect(graph.tiers.map(\.number) == [1, 5, nil])
        #expect(graph.tiers.map { $0.nodes.map(\.name) } == [["forge-postgres"], ["end"], ["shop-web"]])
        #expect(graph.edges.map { "\($0.from)->\($0.to):\($0.resolved)" } == ["end->forge-postgres:true", "end->ghost:false", "shop-web->end:true"])
        #expect(graph.nodes.filter(\.onSharedNetwork).map(\.name) == ["forge-postgres", "end"])
    }

    @Test func rendersText() throws {
        #expect(GraphRenderer.text(try graph()) == """
            Tier 1: Data stores
              forge-postgres (forge, database) ports 3432 [forge-network]
            Tier 5: Backends
              end (shop, api) ports 4000 [forge-network] → forge-postgres, ghost (not registered)
            No tier
              shop-web (shop, frontend) → end
            """)
    }

    @Test func rendersMermaid() throws {
        #expect(GraphRenderer.mermaid(try graph()) == """
            flowchart TB
              subgraph tier_1["Tier 1: Data stores"]
                svc_forge_postgres["forge-postgres<br/>:3432"]
              end
              subgraph tier_5["Tier 5: Backends"]
                svc_end["end<br/>:4000"]
              end
              subgraph tier_none["No tier"]
                svc_shop_web["shop-web<br/>shop.test"]
              end
              svc_end --> svc_forge_postgres
              svc_end --> svc_ghost
              svc_ghost["ghost (not registered)"]
              svc_shop_web --> svc_end
              classDef shared stroke:#2563eb,stroke-width:2px
              class svc_forge_postgres,svc_end shared
              %% blue border: on forge-network
            """)
    }

    @Test func rendersDot() throws {
        let dot = GraphRenderer.dot(try graph())
        #expect(dot.hasPrefix("digraph platform {"))
        #expect(dot.contains("subgraph cluster_0 {\n    label=\"Tier 1: Data stores\";"))
        #expect(dot.contains("\"end\" [label=\"end\\n:4000\", color=\"#2563eb\", penwidth=2];"))
        #expect(dot.contains("\"end\" -> \"ghost\" [style=dashed, color=red];"))
        #expect(dot.hasSuffix("}"))
    }

    @Test func filtersByApp() throws {
        let graph = try graph(apps: ["forge"])
        #expect(graph.nodes.map(\.name) == ["forge-postgres"])
        #expect(graph.edges.isEmpty)
    }
}
