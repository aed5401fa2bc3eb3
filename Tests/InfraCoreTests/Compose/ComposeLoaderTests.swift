import InfraCore
import Testing

@Suite("Compose loader")
struct ComposeLoaderTests {
    func load(_ files: [String: String], _ paths: [String] = ["app/compose.yml"], environment: [String: String] = [:]) throws(InputErrors) -> ComposeProject {
        let workspace = Workspace(root: "/mem", files: MemoryFileSource(files), environment: environment)
        return try ComposeLoader(workspace: workspace).load(paths)
    }

    func errors(_ files: [String: String], _ paths: [String] = ["app/compose.yml"], environment: [String: String] = [:]) -> [InputError] {
        do {
            _ = try load(files, paths, environment: environment)
            return []
        } catch {
            return error.errors
        }
    }

    // MARK: model and locations

    @Test func readsServicesWithLocatedFields() throws {
        let project = try load(["app/compose.yml": """
            name: shop
            services:
              web:
                image: nginx:1.27
                container_name: shop-web
                ports:
                  - "8080:80"
                  - target: 443
                    published: "8443"
                    host_ip: 127.0.0.1
                networks: [front]
                labels:
                  traefik.enable: "true"
                environment:
                  - MODE=prod
                  - TOKEN
                command: nginx -g 'daemon off;'
                healthcheck:
                  test: curl -f http://localhost
            networks:
              front:
            """])
        #expect(project.name == "shop")
        let web = try #require(project.service(named: "web"))
        #expect(web.location == SourceLocation(file: "app/compose.yml", line: 3, column: 3, keyPath: "services.web"))
        #expect(web.location(of: "ports").line == 6)
        #expect(web.ports.map(\.publishedPorts) == [[8080], [8443]])
        #expect(web.ports[0].location.line == 7)
        #expect(web.ports[0].location.column == 9)
        #expect(web.ports[1].hostIP == "127.0.0.1")
        #expect(web.ports[1].location.line == 8)
        #expect(web.networkNames == ["front"])
        #expect(web.label("traefik.enable")?.value == "true")
        #expect(web.label("traefik.enable")?.location.line == 13)
        #expect(web.variable("MODE")?.value == "prod")
        #expect(web.variable("TOKEN")?.value == nil)
        #expect(web.command == ["nginx", "-g", "daemon off;"])
        #expect(web.healthcheck?.test == ["CMD-SHELL", "curl -f http://localhost"])
        #expect(web.hasHealthcheck)
        #expect(project.network(named: "front") != nil)
    }

    @Test func readsLongAndShortForms() throws {
        let project = try load(["app/compose.yml": """
            services:
              db:
                image: postgres
                healthcheck:
                  disable: true
                volumes:
                  - ./data:/var/lib/postgresql/data:ro
                  - type: volume
                    source: cache
                    target: /cache
              api:
                build: ./api
                depends_on:
                  db:
                    condition: service_healthy
                    required: false
                environment:
                  PORT: 8000
                  DEBUG: false
                  EMPTY:
                networks:
                  default:
                    aliases: [backend]
                entrypoint: ["/bin/app", "--serve"]
              off:
                image: busybox
                healthcheck:
                  test: ["NONE"]
            volumes:
              cache:
            """])
        let db = try #require(project.service(named: "db"))
        #expect(db.healthcheck?.disabled == true)
        #expect(!db.hasHealthcheck)
        #expect(db.volumes.map(\.type) == ["bind", "volume"])
        #expect(db.volumes[0].readOnly)
        let api = try #require(project.service(named: "api"))
        #expect(api.build?.context == "./api")
        #expect(api.dependsOn == [ComposeDependency(service: "db", condition: .healthy, required: false, location: api.dependsOn[0].location)])
        #expect(api.environment.map(\.name) == ["PORT", "DEBUG", "EMPTY"])
        #expect(api.variable("DEBUG")?.value == "false")
        #expect(api.networks.first?.aliases == ["backend"])
        #expect(api.entrypoint == ["/bin/app", "--serve"])
        #expect(project.service(named: "off")?.hasHealthcheck == false)
    }

    @Test func infersImplicitDependencies() throws {
        let project = try load(["app/compose.yml": """
            services:
              vpn: { image: vpn }
              app: { image: app, network_mode: "service:vpn", links: ["db:database"] }
              db: { image: db }
            """])
        let app = try #require(project.service(named: "app"))
        #expect(app.dependsOn.map(\.service) == ["vpn", "db"])
        #expect(app.dependsOn.allSatisfy { $0.isImplicit })
        #expect(app.networkNames.isEmpty)
    }

    // MARK: interpolation

    @Test func interpolatesValuesFromDotEnvWithProcessEnvironmentWinning() throws {
        let project = try load([
            "app/.env": "WEB_PORT=9000\nTAG=from-dotenv\n",
            "app/compose.yml": """
                services:
                  web:
                    image: "nginx:${TAG}"
                    ports: ["${WEB_PORT:-8080}:80", "${OTHER_PORT:-8081}:81"]
                    environment:
                      URL: http://${HOST}/
                      PRICE: $$5
                """,
        ], environment: ["TAG": "from-shell"])
        let web = try #require(project.service(named: "web"))
        #expect(web.image == "nginx:from-shell")
        #expect(web.ports.compactMap(\.published?.lowerBound) == [9000, 8081])
        #expect(web.variable("URL")?.value == "http:///")
        #expect(web.variable("URL")?.rawValue == "http://${HOST}/")
        #expect(web.variable("URL")?.isLiteral == false)
        #expect(web.variable("PRICE")?.value == "$5")
        let references = Dictionary(project.variableReferences.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(references["TAG"]?.isDefined == true)
        #expect(references["WEB_PORT"]?.hasDefault == true)
        #expect(references["HOST"]?.isDefined == false)
        #expect(references["HOST"]?.hasDefault == false)
        #expect(references["HOST"]?.location.line == 6)
    }

    @Test func refusesRequiredVariableAtTheScalar() {
        let found = errors(["app/compose.yml": "services:\n  web:\n    image: ${IMAGE:?set IMAGE first}\n"])
        #expect(found == [InputError(file: "app/compose.yml", line: 3, column: 12, message: "required variable IMAGE is missing a value: set IMAGE first")])
    }

    // MARK: env files

    @Test func readsEnvFilesIntoTheEnvironment() throws {
        let project = try load([
            "app/env/common.env": "# shared\nDB_HOST=db\nexport DB_PORT=5432\nMODE=dev\n",
            "app/compose.yml": """
                services:
                  api:
                    image: api
                    env_file:
                      - env/common.env
                      - path: env/optional.env
                        required: false
                    environment:
                      MODE: prod
                """,
        ])
        let api = try #require(project.service(named: "api"))
        #expect(api.variable("DB_PORT")?.value == "5432")
        #expect(api.variable("DB_PORT")?.envFile == "app/env/common.env")
        #expect(api.variable("DB_PORT")?.location == SourceLocation(file: "app/env/common.env", line: 3, column: 1))
        #expect(api.variable("MODE")?.value == "prod")
        #expect(api.variable("MODE")?.envFile == nil)
        #expect(api.envFiles.map(\.value) == ["app/env/common.env"])
    }

    @Test func refusesAMissingRequiredEnvFileAtItsEntry() {
        let found = errors(["app/compose.yml": "services:\n  api:\n    image: api\n    env_file: missing.env\n"])
        #expect(found == [InputError(file: "app/compose.yml", line: 4, column: 15, message: "env file app/missing.env not found")])
    }

    // MARK: overlays

    @Test func mergesOverlaysKeepingTheLocationOfTheFileThatWroteEachValue() throws {
        let project = try load([
            "app/compose.yml": """
                services:
                  web:
                    image: web:1
                    ports: ["8080:80"]
                    command: ["serve", "--slow"]
                    environment:
                      - A=1
                      - B=1
                    labels:
                      tier: web
                    networks: [front]
                    depends_on: [db]
                  db:
                    image: postgres
                networks:
                  front:
                  back:
                """,
            "app/compose.traefik.yml": """
                services:
                  web:
                    ports: ["8443:443"]
                    command: ["serve"]
                    environment:
                      B: 2
                      C: 3
                    labels:
                      - traefik.enable=true
                    networks:
                      back:
                    depends_on:
                      db:
                        condition: service_healthy
                """,
        ], ["app/compose.yml", "app/compose.traefik.yml"])
        let web = try #require(project.service(named: "web"))
        #expect(web.image == "web:1")
        #expect(web.ports.map(\.raw) == ["8080:80", "8443:443"])
        #expect(web.ports[1].location.file == "app/compose.traefik.yml")
        #expect(web.command == ["serve"])
        #expect(web.environment.map(\.name) == ["A", "B", "C"])
        #expect(web.variable("B")?.value == "2")
        #expect(web.variable("B")?.location.file == "app/compose.traefik.yml")
        #expect(web.label("traefik.enable")?.location == SourceLocation(file: "app/compose.traefik.yml", line: 9, column: 9, keyPath: "services.web.labels[0]"))
        #expect(web.label("tier")?.location.file == "app/compose.yml")
        #expect(web.networkNames == ["front", "back"])
        #expect(web.dependsOn.map(\.condition) == [.healthy])
        #expect(project.files == ["app/compose.yml", "app/compose.traefik.yml"])
    }

    @Test func overlayReplacesPortsWithTheSameSpecAndVolumesByTarget() throws {
        let project = try load([
            "app/compose.yml": "services:\n  web:\n    image: w\n    ports: [\"80:80\"]\n    volumes: [\"./a:/data\"]\n",
            "app/over.yml": "services:\n  web:\n    ports: [\"80:80\"]\n    volumes: [\"./b:/data:ro\"]\n",
        ], ["app/compose.yml", "app/over.yml"])
        let web = try #require(project.service(named: "web"))
        #expect(web.ports.count == 1)
        #expect(web.ports[0].location.file == "app/over.yml")
        #expect(web.volumes.map(\.source) == ["./b"])
    }

    @Test func resetAndOverrideTags() throws {
        let project = try load([
            "app/compose.yml": "services:\n  web:\n    image: w\n    ports: [\"80:80\"]\n    labels: [a=1]\n",
            "app/over.yml": "services:\n  web:\n    ports: !reset []\n    labels: !override [b=2]\n",
        ], ["app/compose.yml", "app/over.yml"])
        let web = try #require(project.service(named: "web"))
        #expect(web.ports.isEmpty)
        #expect(web.labels.map(\.key) == ["b"])
    }

    // MARK: extends and include

    @Test func resolvesExtendsInTheSameFileAndAnother() throws {
        let project = try load([
            "app/common/base.yml": """
                services:
                  base:
                    image: base:1
                    env_file: base.env
                    environment: [FROM_BASE=1]
                """,
            "app/common/base.env": "BASE_FILE=yes\n",
            "app/compose.yml": """
                services:
                  web:
                    extends: { service: base, file: common/base.yml }
                    ports: ["80:80"]
                  worker:
                    extends: web
                    command: work
                """,
        ])
        let web = try #require(project.service(named: "web"))
        #expect(web.image == "base:1")
        #expect(web.variable("BASE_FILE")?.envFile == "app/common/base.env")
        #expect(web.variable("FROM_BASE")?.location.file == "app/common/base.yml")
        let worker = try #require(project.service(named: "worker"))
        #expect(worker.image == "base:1")
        #expect(worker.ports.map(\.raw) == ["80:80"])
        #expect(worker.command == ["work"])
        #expect(worker.location.line == 5)
    }

    @Test func refusesExtendsCycles() {
        let found = errors(["app/compose.yml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"])
        #expect(found.first?.message.contains("circular reference") == true)
    }

    @Test func includesFilesRelativeToTheIncludingFile() throws {
        let project = try load([
            "app/compose.yml": "include:\n  - infra/db.yml\nservices:\n  web:\n    image: w\n    depends_on: [db]\n",
            "app/infra/db.yml": "services:\n  db:\n    image: postgres:${PG:-16}\n    networks: [data]\nnetworks:\n  data:\n",
            "app/infra/.env": "PG=17\n",
        ])
        #expect(project.services.map(\.name) == ["web", "db"])
        #expect(project.service(named: "db")?.image == "postgres:17")
        #expect(project.service(named: "db")?.location.file == "app/infra/db.yml")
        #expect(project.network(named: "data") != nil)
    }

    // MARK: errors

    @Test func reportsWrongTypesWithFileLineAndColumn() {
        let found = errors(["app/compose.yml": "services:\n  web:\n    image: nginx\n    ports: 80\n    depends_on:\n      db:\n        condition: service_ready\n  db:\n    image: db\n"])
        #expect(found.map(\.description) == [
            "app/compose.yml:4:12: error: services.web.ports must be a list, found a number",
            "app/compose.yml:7:20: error: services.web.depends_on.db.condition must be one of 'service_started', 'service_healthy', 'service_completed_successfully', found 'service_ready'",
        ])
    }

    @Test func reportsServicesThatAreNotAMapping() {
        #expect(errors(["app/compose.yml": "services: []\n"]).map(\.description) == ["app/compose.yml:1:11: error: services must be a mapping, found a list"])
    }

    @Test func reportsInvalidPortSpecs() {
        let found = errors(["app/compose.yml": "services:\n  web:\n    image: w\n    ports:\n      - \"127.0.0.1:8080\"\n"])
        #expect(found == [InputError(file: "app/compose.yml", line: 5, column: 9, message: "invalid hostPort: 127.0.0.1")])
    }

    @Test func reportsProjectErrorsComposeRejects() {
        let found = errors(["app/compose.yml": """
            services:
              a:
                depends_on: [b]
                networks: [missing]
              b:
                image: b
                depends_on: [c]
              c:
                image: c
                depends_on: [b]
            networks:
              ext:
                external: true
                driver: bridge
            """]).map(\.message)
        #expect(found.contains("networks.ext: conflicting parameters \"external\" and \"driver\" specified"))
        let project = errors(["app/compose.yml": """
            services:
              a:
                depends_on: [b, ghost]
                networks: [missing]
              b:
                image: b
                depends_on: [c]
              c:
                image: c
                depends_on: [b]
            """]).map(\.message)
        #expect(project.contains("service \"a\" has neither an image nor a build context specified"))
        #expect(project.contains("service \"a\" refers to undefined network missing"))
        #expect(project.contains("dependency cycle detected: b -> c -> b"))
        // Left to the rules (DEP001, DEP005), so validate can explain it.
        #expect(!project.contains("service \"a\" depends on undefined service \"ghost\""))
    }

    @Test func undefinedDependsOnLoadsAndIsDeferredToTheRules() throws {
        let project = try load(["app/compose.yml": """
            services:
              a:
                image: a
                depends_on: [b, forge-postgres]
                links: [b]
              b:
                image: b
            """])
        #expect(project.undefinedDependencies.map(\.dependency.service) == ["forge-postgres"])
        let deferred = ComposeProjectValidator.deferredProblems(in: project)
        #expect(deferred.map(\.message) == ["service \"a\" depends on undefined service \"forge-postgres\""])
        #expect(deferred.first?.line == 4)
        #expect(deferred.first?.column == 21)
    }

    @Test func sharedContainerNamesClashOnlyAmongServicesThatRunTogether() throws {
        let apart = try load(["app/compose.yml": """
            services:
              db-postgres:
                image: postgres
                container_name: app-db
                profiles: [postgres]
              db-mysql:
                image: mysql
                container_name: app-db
                profiles: [mysql, legacy]
            """])
        #expect(apart.services.map(\.containerName) == ["app-db", "app-db"])
        for profiles in ["", "\n    profiles: [mysql]"] {
            let found = errors(["app/compose.yml": """
                services:
                  db-postgres:
                    image: postgres
                    container_name: app-db
                    profiles: [postgres, mysql]
                  db-mysql:
                    image: mysql
                    container_name: app-db\(profiles)
                """])
            #expect(found == [InputError(file: "app/compose.yml", line: 8, column: 5, message: "services.db-mysql: container name \"app-db\" is already in use by service db-postgres")])
        }
    }

    @Test func refusesUndefinedSecretsAndConfigsWhereTheyAreNamed() {
        let found = errors(["app/compose.yml": """
            services:
              web:
                image: web
                build:
                  context: .
                  secrets: [npmrc, token]
                secrets:
                  - db_password
                  - source: api_key
                    target: /run/secrets/key
                configs:
                  - source: nginx_conf
                  - defined
            secrets:
              token:
                external: true
              db_password:
                file: ./db_password.txt
            configs:
              defined:
                content: x
            """])
        #expect(found == [
            InputError(file: "app/compose.yml", line: 6, column: 17, message: "service \"web\" refers to undefined build secret npmrc"),
            InputError(file: "app/compose.yml", line: 12, column: 17, message: "service \"web\" refers to undefined config nginx_conf"),
            InputError(file: "app/compose.yml", line: 9, column: 17, message: "service \"web\" refers to undefined secret api_key"),
        ])
    }

    @Test func secretsAndConfigsOfAnOverlayOrInclusionCount() throws {
        let project = try load([
            "app/compose.yml": "include: [parts/secrets.yml]\nservices:\n  web:\n    image: web\n",
            "app/parts/secrets.yml": "secrets:\n  token:\n    file: ./t\nservices:\n  other:\n    image: o\n",
            "app/overlay.yml": "services:\n  web:\n    secrets: [token]\n    configs: [conf]\nconfigs:\n  conf:\n    file: ./c\n",
        ], ["app/compose.yml", "app/overlay.yml"])
        #expect(project.service(named: "web")?.secrets.map(\.value) == ["token"])
        #expect(project.service(named: "web")?.configs.map(\.value) == ["conf"])
    }

    @Test(arguments: [
        // (files, environment, container name)
        (["app/compose.yml": "name: Shop.V2\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n"], [:], "shopv2-db"),
        (["app/compose.yml": "services:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME:?no name}-db\n"], [:], "app-db"),
        (["app/compose.yml": "name: ${STAGE:-dev}_shop\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}.db\n"], [:], "dev_shop.db"),
        (["app/compose.yml": "name: shop\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n"], ["COMPOSE_PROJECT_NAME": "from-shell"], "from-shell-db"),
        (["app/.env": "COMPOSE_PROJECT_NAME=from-dotenv\n", "app/compose.yml": "name: shop\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n"], [:], "from-dotenv-db"),
        (["app/compose.yml": "name: shop\nservices:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n"], ["COMPOSE_PROJECT_NAME": ""], "shop-db"),
        (["app/compose.yml": "name: shop\ninclude: [lib/db.yml]\n", "app/lib/db.yml": "services:\n  db:\n    image: db\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n"], [:], "shop-db"),
    ] as [([String: String], [String: String], String)])
    func setsComposeProjectNameAsComposeDoes(files: [String: String], environment: [String: String], containerName: String) throws {
        let project = try load(files, environment: environment)
        #expect(project.service(named: "db")?.containerName == containerName)
    }

    @Test func anOverlaysNameIsTheProjectName() throws {
        let project = try load([
            "My App/compose.yml": "name: base\nservices:\n  web:\n    image: w\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n",
            "My App/overlay.yml": "name: overlay\nservices:\n  db:\n    image: d\n    container_name: ${COMPOSE_PROJECT_NAME}-db\n",
        ], ["My App/compose.yml", "My App/overlay.yml"])
        #expect(project.services.compactMap(\.containerName) == ["overlay-web", "overlay-db"])
        let unnamed = try load(["_My App/compose.yml": "services:\n  web:\n    image: w\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n"], ["_My App/compose.yml"])
        #expect(unnamed.service(named: "web")?.containerName == "myapp-web")
        let atRoot = try load(["compose.yml": "services:\n  web:\n    image: w\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n"], ["compose.yml"])
        #expect(atRoot.service(named: "web")?.containerName == "mem-web")
    }

    @Test func warnsAboutUnknownKeysWithASuggestion() throws {
        let project = try load(["app/compose.yml": "services:\n  web:\n    image: w\n    enviroment: [A=1]\n    x-note: fine\nx-shared: {}\n"])
        #expect(project.unknownKeys == [UnknownKey(key: "enviroment", location: SourceLocation(file: "app/compose.yml", line: 4, column: 5, keyPath: "services.web.enviroment"), suggestion: "environment")])
    }

    @Test func refusesMissingFilesAndPathsLeavingTheWorkspace() {
        #expect(errors([:], ["app/compose.yml"]).map(\.message) == ["file app/compose.yml does not exist"])
        #expect(errors([:], ["../outside.yml"]).map(\.message) == ["path ../outside.yml leaves the workspace"])
        let env = errors(["app/compose.yml": "services:\n  web:\n    image: w\n    env_file: ../../../etc/passwd\n"])
        #expect(env.map(\.description) == ["app/compose.yml:4:15: error: path ../../../etc/passwd leaves the workspace"])
    }

    @Test func refusesMalformedYAMLAtItsPlace() {
        let found = errors(["app/compose.yml": "services:\n  web:\n    image: [unclosed\n"])
        #expect(found.count == 1)
        #expect(found.first?.file == "app/compose.yml")
        #expect(found.first?.line != nil)
    }

    @Test func refusesAnAliasBombUnderAnExtensionFieldQuickly() {
        var text = "x-bomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "  a\(level): &a\(level) [\(refs)]\n"
        }
        text += "services:\n  web:\n    image: w\n"
        // The budget error proves the bomb was never expanded; benchmarks time it.
        let found = errors(["app/compose.yml": text])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("refusing to load it") == true)
    }
}
