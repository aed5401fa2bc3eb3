// swift-tools-version: 6.0
import PackageDescription

/// The git commit `infractl version` names: scripts/install.sh and the Dockerfile set
/// INFRACTL_COMMIT (`git describe --always --dirty` or a commit id); a plain `swift build`
/// leaves it empty. Only ASCII letters, digits, `-` and `.` pass, so the value cannot break
/// the C string it becomes.
let buildCommit = String(
    (Context.environment["INFRACTL_COMMIT"] ?? "").filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }.prefix(64))

let package = Package(
    name: "infractl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "infractl", targets: ["infractl"]),
        // The MCP server `infractl mcp` becomes: the MCP SDK links FoundationNetworking and
        // with it libcurl and its thirty libraries, which no other command needs to load.
        .executable(name: "infractl-mcp", targets: ["infractl-mcp"]),
        .library(name: "InfraCore", targets: ["InfraCore"]),
        .library(name: "DockerEngine", targets: ["DockerEngine"]),
        .library(name: "InfraMCP", targets: ["InfraMCP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "BuildInfo",
            cSettings: [.define("INFRACTL_COMMIT", to: "\"\(buildCommit)\"")]
        ),
        .target(
            name: "DockerEngine",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(
            name: "InfraCore",
            dependencies: [
                "BuildInfo",
                "DockerEngine",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // For the libyaml it vendors (`CYaml`): YAMLParser reads its events directly.
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(
            name: "InfraMCP",
            dependencies: [
                "InfraCore",
                "DockerEngine",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "infractl",
            dependencies: [
                "InfraCore",
                "DockerEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "infractl-mcp",
            dependencies: [
                "InfraCore",
                "InfraMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "InfraCoreTests",
            dependencies: [
                "InfraCore",
                "TestSupport",
                "DockerEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DockerEngineTests",
            dependencies: [
                "DockerEngine",
                "TestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "InfraMCPTests",
            dependencies: [
                "InfraMCP",
                "InfraCore",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "infractlTests",
            dependencies: ["InfraCore", "DockerEngine", "InfraMCP", "infractl", "TestSupport"],
            exclude: ["MCP/mcp_client.py", "Support/crashpoint.c"]
        ),
    ]
)
