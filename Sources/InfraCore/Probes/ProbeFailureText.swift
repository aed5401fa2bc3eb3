import Foundation
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Short, lowercase phrases for why a connection or request failed, the way a person reports
/// it (`connection refused`, `connection reset by peer`), instead of an error type's dump.
enum ProbeFailureText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as IOError:
            return lowercasedFirst(String(cString: strerror(error.errnoCode)))
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return describe(first.error) }
            if let dns = error.dnsAAAAError ?? error.dnsAError { return "cannot resolve \(error.host): \(dns)" }
            return "no address to connect to for \(error.host)"
        case ChannelError.connectTimeout:
            return "connection timed out"
        case ChannelError.eof, ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.outputClosed:
            return "connection closed"
        case let error as SocketAddressError:
            return "bad address: \(error)"
        case let error as NIOSSLError:
            return tlsReason(error)
        case let error as NIOSSLExtraError:
            return "TLS: \(error)"
        default:
            let text = "\(error)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return "TLS certificate not trusted (certificate verify failed)" }
            return text
        }
    }

    private static func tlsReason(_ error: NIOSSLError) -> String {
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") { return "TLS certificate not trusted (certificate verify failed)" }
        if case .uncleanShutdown = error { return "connection closed during the TLS handshake" }
        return "TLS handshake failed: \(text)"
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms (`TLS…`) as they are.
        if text.count > 1, text[text.index(after: text.startIndex)].isUppercase { return text }
        return first.lowercased() + text.dropFirst()
    }
}

/// How probes write durations: `3s`, `1.5s`, `0.25s`; `12 ms` for latencies.
public enum ProbeFormat {
    /// Seconds with one decimal from a second up (`5.2s`), two below (`0.25s`), trailing zeros
    /// dropped (`3s`, `0.8s`).
    public static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        var text = String(format: value >= 0.95 ? "%.1f" : "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "s"
    }

    /// `12 ms` below a second, `1.5s` from a second up.
    public static func duration(_ duration: Duration) -> String {
        duration < .seconds(1) ? "\(milliseconds(duration)) ms" : seconds(duration)
    }

    /// Whole milliseconds, rounded.
    public static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int((Double(attoseconds) / 1e15).rounded())
    }
}
