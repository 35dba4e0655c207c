/// What a case is built with: its thread count and how far sizes are scaled down.
struct CaseConfig: Sendable {
    /// Workers that run the measured loop together.
    let threads: Int
    /// Divides account counts and stream lengths (1 for real runs, larger for `--smoke`).
    let scaleDivisor: Int
    /// Seed for every random choice of the case, so runs are comparable.
    let seed: UInt64

    /// `count` scaled down for smoke runs, never below `minimum`.
    /// - Parameters:
    ///   - count: the size used in a real run.
    ///   - minimum: the smallest size that still exercises the path.
    /// - Returns: the size to build.
    func scaled(_ count: Int, minimum: Int = 64) -> Int {
        max(minimum, count / scaleDivisor)
    }
}
