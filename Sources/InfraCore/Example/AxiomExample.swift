import Foundation

/// The bundled AXIOM example workspace: FORGE infrastructure with Traefik and mkcert-style
/// certificates, and the SYNAPSE, NEXUS and PRISM applications.
public enum AxiomExample {
    /// Writes every file of the example under `directory`, creating folders as needed. Refuses
    /// (before writing anything) when any of the files already exists there.
    ///
    /// - Returns: the relative paths written.
    @discardableResult
    public static func write(to directory: String) throws -> [String] {
        let fileManager = FileManager.default
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        let existing = files.map(\.path).filter { fileManager.fileExists(atPath: root.appendingPathComponent($0).path) }
        guard existing.isEmpty else { throw InitError.filesExist(directory: directory, files: existing) }
        for file in files {
            let url = root.appendingPathComponent(file.path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // A private key is for its owner only (SEC005).
            try AtomicFile.write(Data(file.contents.utf8), to: url.path, mode: file.path.hasSuffix("-key.pem") ? 0o600 : 0o644)
        }
        return files.map(\.path)
    }

    /// Why `init` cannot write the example.
    public enum InitError: InfraError, CustomStringConvertible {
        /// Files of the example already exist in the target folder.
        case filesExist(directory: String, files: [String])

        public var description: String {
            switch self {
            case .filesExist(let directory, let files):
                let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? ", …" : "")
                return "\(directory) already holds \(files.count) of the example's files (\(shown)); choose an empty folder"
            }
        }

        public var code: String {
            switch self {
            case .filesExist: "init.files-exist"
            }
        }

        public var errorDescription: String? { description }
    }
}
