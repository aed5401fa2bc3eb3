/// Unified diffs (`diff -u`, as git prints them) of two texts, line by line, with Myers'
/// shortest edit script; common leading and trailing lines are set aside first, so a small
/// edit of a large file costs little.
public enum UnifiedDiff {
    /// The diff of `old` and `new`, empty when they are equal.
    public static func diff(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        guard old != new else { return "" }
        let a = LineBuffer(old).lines, b = LineBuffer(new).lines
        let operations = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(operations, context: context) {
            let oldStart = hunk.oldCount == 0 ? hunk.oldStart - 1 : hunk.oldStart
            let newStart = hunk.newCount == 0 ? hunk.newStart - 1 : hunk.newStart
            out += "@@ -\(oldStart)\(hunk.oldCount == 1 ? "" : ",\(hunk.oldCount)") +\(newStart)\(hunk.newCount == 1 ? "" : ",\(hunk.newCount)") @@\n"
            for operation in hunk.operations {
                let (mark, line): (String, String) = switch operation {
                case .equal(let index, _): (" ", a[index])
                case .delete(let index): ("-", a[index])
                case .insert(let index): ("+", b[index])
                }
                out += mark + LineBuffer.stripTerminator(line) + "\n"
                if line.utf8.last != UInt8(ascii: "\n") { out += "\\ No newline at end of file\n" }
            }
        }
        return out
    }

    enum Operation: Equatable {
        /// Line `old` of the old text equals line `new` of the new one (0-based).
        case equal(old: Int, new: Int)
        case delete(Int)
        case insert(Int)
    }

    /// The shortest edit script turning `a` into `b`.
    static func script(_ a: [String], _ b: [String]) -> [Operation] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var operations = (0..<prefix).map { Operation.equal(old: $0, new: $0) }
        operations += myers(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)])).map { operation in
            switch operation {
            case .equal(let old, let new): .equal(old: old + prefix, new: new + prefix)
            case .delete(let old): .delete(old + prefix)
            case .insert(let new): .insert(new + prefix)
            }
        }
        operations += (0..<suffix).map { Operation.equal(old: a.count - suffix + $0, new: b.count - suffix + $0) }
        return operations
    }

    /// Myers' O((N+M)D) algorithm, backtracking through the saved frontier of each step.
    private static func myers(_ a: [String], _ b: [String]) -> [Operation] {
        let n = a.count, m = b.count
        if n == 0 { return (0..<m).map { .insert($0) } }
        if m == 0 { return (0..<n).map { .delete($0) } }
        let maximum = n + m
        let offset = maximum
        var frontier = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        search: for d in 0...maximum {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                    x = frontier[offset + k + 1]
                } else {
                    x = frontier[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        var operations: [Operation] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && saved[offset + k - 1] < saved[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : saved[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                operations.append(.equal(old: x, new: y))
            }
            if d > 0 {
                if x == previousX { operations.append(.insert(previousY)) } else { operations.append(.delete(previousX)) }
            }
            x = previousX
            y = previousY
        }
        return operations.reversed()
    }

    struct Hunk {
        var oldStart: Int
        var newStart: Int
        var oldCount = 0
        var newCount = 0
        var operations: [Operation] = []
    }

    /// Groups the changes with `context` equal lines around them; changes closer than twice
    /// the context share a hunk.
    static func hunks(_ operations: [Operation], context: Int) -> [Hunk] {
        let changed = operations.indices.filter { if case .equal = operations[$0] { false } else { true } }
        guard let firstChange = changed.first else { return [] }
        var ranges: [ClosedRange<Int>] = []
        var start = max(firstChange - context, 0)
        var end = min(firstChange + context, operations.count - 1)
        for index in changed.dropFirst() {
            if index - context <= end + 1 {
                end = min(index + context, operations.count - 1)
            } else {
                ranges.append(start...end)
                start = max(index - context, 0)
                end = min(index + context, operations.count - 1)
            }
        }
        ranges.append(start...end)
        return ranges.map { range in
            // Line numbers (1-based) of the hunk's first line in each text.
            var oldLine = 1, newLine = 1
            for operation in operations[..<range.lowerBound] {
                switch operation {
                case .equal: oldLine += 1; newLine += 1
                case .delete: oldLine += 1
                case .insert: newLine += 1
                }
            }
            var hunk = Hunk(oldStart: oldLine, newStart: newLine)
            for operation in operations[range] {
                hunk.operations.append(operation)
                switch operation {
                case .equal: hunk.oldCount += 1; hunk.newCount += 1
                case .delete: hunk.oldCount += 1
                case .insert: hunk.newCount += 1
                }
            }
            return hunk
        }
    }
}
