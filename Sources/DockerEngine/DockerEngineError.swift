import Foundation

/// Why a call to the Docker engine failed. Every message names the engine's address, so the
/// user knows which engine (and which `DOCKER_HOST`) was tried.
public struct DockerEngineError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// The kind of failure; compare with the static members (`error.kind == .notFound`).
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case invalidHost, engineUnreachable, timeout, notFound, engineError, invalidResponse
        }

        private let code: Code
        private init(_ code: Code) { self.code = code }

        /// `DOCKER_HOST` names no address infractl can use.
        public static let invalidHost = Kind(.invalidHost)
        /// No connection to the engine: no socket, nothing listening, connection refused.
        public static let engineUnreachable = Kind(.engineUnreachable)
        /// The engine accepted the connection but did not answer in time.
        public static let timeout = Kind(.timeout)
        /// The engine answered 404: no such container, network, or endpoint.
        public static let notFound = Kind(.notFound)
        /// The engine answered with another HTTP error status.
        public static let engineError = Kind(.engineError)
        /// The answer could not be decoded (JSON, log stream, or its size).
        public static let invalidResponse = Kind(.invalidResponse)

        public var description: String { "\(code)" }
    }

    /// What went wrong.
    public var kind: Kind
    /// The engine address tried, as `DOCKER_HOST` writes it.
    public var address: String
    /// The request, `GET /v1.41/containers/json`, when there was one.
    public var request: String?
    /// The HTTP status the engine answered with, for `.notFound` and `.engineError`.
    public var statusCode: Int?
    /// The detail: the engine's own `message`, the connection error, or the decoding problem.
    public var message: String

    public init(kind: Kind, address: String, request: String? = nil, statusCode: Int? = nil, message: String) {
        self.kind = kind
        self.address = address
        self.request = request
        self.statusCode = statusCode
        self.message = message
    }

    /// One line for the user.
    public var description: String {
        let request = request.map { " (\($0))" } ?? ""
        switch kind {
        case .invalidHost:
            return "invalid Docker host \(address): \(message)"
        case .engineUnreachable:
            return "cannot reach the Docker engine at \(address): \(message)"
        case .timeout:
            return "the Docker engine at \(address) did not answer in time\(request): \(message)"
        case .notFound, .engineError:
            let status = statusCode.map { "HTTP \($0)" } ?? "an error"
            return "the Docker engine at \(address) answered \(status)\(request): \(message)"
        default:
            return "unexpected answer from the Docker engine at \(address)\(request): \(message)"
        }
    }

    public var errorDescription: String? { description }
}
