/// Number formatting for the summary and progress lines (no locale, stable in CI logs).
enum Figures {
    /// `1234567` → `1,234,567`.
    static func count(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// A rate or other measured figure as a whole count (`count(_:)`), rounded down; `-`
    /// for a value no `UInt64` holds (NaN, infinite, negative or too large), so a
    /// hand-built or decoded figure never traps.
    static func whole(_ value: Double) -> String {
        UInt64(exactly: value.rounded(.down)).map(count) ?? "-"
    }

    /// A fixed-point rendering with `places` decimals; `-` for a value that is not finite
    /// or too large to render.
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 0x1p63 else { return "-" }
        let whole = UInt64(scaled / scale)
        let fraction = UInt64(scaled) - whole * UInt64(scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let text = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - text.count) + text
    }

    /// Nanoseconds with a readable unit: `850ns`, `1.24µs`, `3.10ms`, `1.20s`.
    static func duration(_ nanoseconds: UInt64) -> String {
        let value = Double(nanoseconds)
        if nanoseconds < 1_000 { return "\(nanoseconds)ns" }
        if nanoseconds < 1_000_000 { return fixed(value / 1e3, 2) + "µs" }
        if nanoseconds < 1_000_000_000 { return fixed(value / 1e6, 2) + "ms" }
        return fixed(value / 1e9, 2) + "s"
    }

    /// Bytes in MiB.
    static func mebibytes(_ bytes: UInt64) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }
}
