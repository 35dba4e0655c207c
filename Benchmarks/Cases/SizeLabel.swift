/// Short labels for sizes in case names: `100k`, `1m`, `10m`.
enum SizeLabel {
    /// The label of a count.
    /// - Parameter count: a positive count.
    /// - Returns: the count with a `k` or `m` suffix when it is a whole multiple.
    static func of(_ count: Int) -> String {
        if count >= 1_000_000, count % 1_000_000 == 0 { return "\(count / 1_000_000)m" }
        if count >= 1_000, count % 1_000 == 0 { return "\(count / 1_000)k" }
        return String(count)
    }
}
