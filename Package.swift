// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "infractl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "infractl", targets: ["infractl"]),
        .library(name: "InfraCore", targets: ["InfraCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "InfraCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "infractl",
            dependencies: [
                "InfraCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "InfraCoreTests",
            dependencies: ["InfraCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "infractlTests",
            dependencies: ["InfraCore", "infractl"]
        ),
    ]
)
