import Foundation

/// Turns `StartupEvent`s into what a person reads while `up` or `down` works. On a terminal
/// (`live`) the running tier's block (tier, each service's state, elapsed time) is redrawn in
/// place with ANSI cursor moves; otherwise it prints plain lines, one per change, for logs and
/// pipes. It only makes text; the caller writes it.
public struct StartupProgressRenderer: Sendable {
    /// Which command is reporting.
    public enum Mode: Sendable {
        case up, down
    }

    public let mode: Mode
    public let live: Bool
    /// Lines of the block drawn last, to move back over on a terminal.
    private var drawnLines = 0
    /// The last state printed per service (plain lines only).
    private var printed: [String: String] = [:]
    /// The block drawn last, header first.
    private var lastBlock: [String] = []

    public init(mode: Mode, live: Bool) {
        self.mode = mode
        self.live = live
    }

    /// The text to write for `event` (possibly empty), lines ending in newlines.
    public mutating func render(_ event: StartupEvent) -> String {
        switch event {
        case .step(let step):
            return stepLines(step).map { $0 + "\n" }.joined()
        case .tierStarted(let tier):
            drawnLines = 0
            printed = [:]
            if live { return redraw(tier, tier.services.map { ServiceProgress(name: $0.name, project: "", state: "…") }, .zero) }
            let names = tier.services.map(\.name).joined(separator: ", ")
            return "\(tier.label): \(mode == .up ? "starting" : "stopping") \(names)\n"
        case .tierProgress(let tier, let services, let elapsed):
            if live { return redraw(tier, services, elapsed) }
            var out = ""
            for service in services where printed[service.name] != service.summary {
                printed[service.name] = service.summary
                out += "  \(service.name): \(service.summary) (\(Self.seconds(elapsed)))\n"
            }
            return out
        case .tierFinished(let tier, let succeeded, let elapsed):
            let outcome = succeeded ? (mode == .up ? "running and healthy" : "stopped and removed") : "failed"
            if live {
                // The block stays on screen with its header turned into the tier's result.
                let back = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r\u{1B}[J" : ""
                drawnLines = 0
                let header = (succeeded ? "✓ " : "✗ ") + "\(tier.label) · \(outcome) after \(Self.seconds(elapsed))"
                return back + ([header] + lastBlock.dropFirst()).joined(separator: "\n") + "\n"
            }
            return "\(tier.label): \(outcome) after \(Self.seconds(elapsed))\n"
        }
    }

    private mutating func redraw(_ tier: StartupPlan.Tier, _ services: [ServiceProgress], _ elapsed: Duration) -> String {
        let width = services.map(\.name.count).max() ?? 0
        var lines = ["▸ \(tier.label) · \(Self.seconds(elapsed))"]
        for service in services {
            lines.append("    " + service.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + service.summary)
        }
        let back = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\r\u{1B}[J" : ""
        drawnLines = lines.count
        lastBlock = lines
        return back + lines.joined(separator: "\n") + "\n"
    }

    private func stepLines(_ step: StartupStep) -> [String] {
        switch step.action {
        case .checkPorts:
            return [(step.succeeded ? "✓ ports: " : "✗ ports: ") + (step.detail ?? "")]
        case .networkExists:
            guard step.succeeded else { return ["✗ network \(step.target): \(step.detail ?? "unusable")"] }
            return ["✓ network \(step.target) exists"]
        case .createNetwork:
            return ["✓ network \(step.target) \(step.detail ?? "created")"]
        case .composeDown where step.succeeded:
            return ["✓ project \(step.target) down (its own networks removed)"]
        case .stackRemove where step.succeeded:
            return ["✓ stack \(step.target) removed (its own networks too)"]
        case .serviceRemove where step.succeeded && step.detail == "not deployed":
            return ["✓ \(step.target): nothing deployed"]
        case .composeUp, .composeRemove, .composeDown, .stackDeploy, .serviceRemove, .stackRemove:
            guard !step.succeeded else { return [] }
            var lines = [(step.succeeded ? "✓ " : "✗ ") + (step.command?.displayed ?? step.target)]
            if let detail = step.detail { lines += detail.split(separator: "\n").map { "    " + $0 } }
            return lines
        }
    }

    /// `4.2s`.
    public static func seconds(_ duration: Duration) -> String {
        let milliseconds = StartupStep.milliseconds(duration)
        return "\(milliseconds / 1000).\(milliseconds % 1000 / 100)s"
    }
}
