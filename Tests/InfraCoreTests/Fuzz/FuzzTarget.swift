import Foundation
import InfraCore

/// One reader of untrusted files, driven through its public entry point with arbitrary bytes.
/// The same code runs in the libFuzzer binary (`scripts/fuzz.sh`, with `Fuzz/FuzzEntry.swift`) and in
/// `FuzzRegressionTests`, which replays every input the fuzzers ever found a defect with. The
/// contract: any bytes are read or refused with an error located in the file read (exit 2 in
/// the CLI), never a trap, a hang or unbounded memory (libFuzzer's `-timeout` and
/// `-rss_limit_mb` watch those two).
enum FuzzTarget: String, CaseIterable, Sendable {
    /// The YAML reader (`YAMLParser`): anchors, aliases and their budget, merge keys.
    case yaml
    /// The registry loader.
    case registry
    /// The compose loader: interpolation, merge keys, anchors, `extends`, `include`, `.env`.
    case compose
    /// The `.env` parser.
    case env
    /// The PEM certificate and key reader.
    case certificate

    /// What became of one input.
    enum Verdict: Equatable, Sendable {
        case read
        case refused
        /// A broken contract: an error without a place in the file, or of an unexpected kind.
        case defect(String)
    }

    /// The file the input stands for, as the loaders name it in errors.
    var file: String {
        switch self {
        case .yaml: "input.yml"
        case .registry: Workspace.defaultRegistryPath
        case .compose: "apps/demo/docker-compose.yml"
        case .env: "apps/demo/.env"
        case .certificate: "certs/local.pem"
        }
    }

    /// Reads `bytes` as this target's file.
    func run(_ bytes: [UInt8]) -> Verdict {
        do {
            let text = try UTF8Text.decode(bytes, file: file)
            switch self {
            case .yaml:
                _ = try YAMLParser.parse(text, file: file)
            case .registry:
                _ = try RegistryLoader(workspace: Self.workspace([file: text])).load()
            case .compose:
                _ = try ComposeLoader(workspace: Self.workspace(Self.composeNeighbours.merging([file: text]) { $1 })).load([file])
            case .env:
                _ = try EnvFileParser(lookup: Self.environment).parse(text, file: file)
            case .certificate:
                // A chain, and the same text as the key of a certificate (both halves of TLS002).
                _ = try? PEMCertificates.summary(ofChain: text)
                _ = try? PEMCertificates.keyMatches(certificatePEM: text, keyPEM: text)
            }
            return .read
        } catch let error as InputError {
            return verdict([error])
        } catch let errors as InputErrors {
            return verdict(errors.errors)
        } catch {
            return .defect("\(type(of: error)) instead of an input error: \(error)")
        }
    }

    /// Refused, when every error about the input names a line in it.
    private func verdict(_ errors: [InputError]) -> Verdict {
        if errors.isEmpty { return .defect("an empty list of input errors") }
        if let unlocated = errors.first(where: { $0.file == file && ($0.line ?? 0) < 1 }) {
            return .defect("refused without a line: \(unlocated.description)")
        }
        return .refused
    }

    /// Variables for interpolation.
    static let environment = ["HOST_PORT": "8080", "TAG": "1.2", "EMPTY": ""]

    /// What the fuzzed compose file may extend, include or read its variables from.
    static let composeNeighbours = [
        "apps/demo/base.yml": "services:\n  base:\n    image: busybox:1.36\n    environment:\n      FROM_BASE: \"1\"\n",
        "apps/demo/.env": "TAG=1.2\nPUBLIC_PORT=${HOST_PORT:-80}\n",
    ]

    static func workspace(_ files: [String: String]) -> Workspace {
        Workspace(root: "/fuzz", files: MemoryFileSource(files), environment: environment)
    }
}
