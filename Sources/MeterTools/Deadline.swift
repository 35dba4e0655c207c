/// A point on the ``MonotonicClock`` after which a run should end.
///
/// Reading the clock costs some 20 ns, so a hot loop should check ``hasPassed`` every few
/// hundred iterations rather than on every one.
public struct Deadline: Sendable, Equatable, Comparable {
    /// The ``MonotonicClock`` reading, in nanoseconds, at which the deadline passes.
    public let nanoseconds: UInt64

    /// A deadline a given time from now.
    /// - Parameter duration: How long from now; saturates at the end of time instead of
    ///   overflowing.
    /// - Returns: The deadline.
    public static func after(nanoseconds duration: UInt64) -> Deadline {
        let (sum, overflow) = MonotonicClock.now().addingReportingOverflow(duration)
        return Deadline(nanoseconds: overflow ? .max : sum)
    }

    /// A deadline a given number of seconds from now.
    /// - Parameter seconds: How long from now; negative or NaN means now, and values too
    ///   large to represent mean never.
    /// - Returns: The deadline.
    public static func after(seconds: Double) -> Deadline {
        let nanoseconds = seconds * 1e9
        guard nanoseconds > 0 else { return after(nanoseconds: 0) }
        // Compare in Double first: converting a value ≥ 2^64 to UInt64 would trap.
        return after(nanoseconds: nanoseconds < 0x1.0p64 ? UInt64(nanoseconds) : .max)
    }

    /// Creates a deadline at an absolute ``MonotonicClock`` reading.
    /// - Parameter nanoseconds: A reading as returned by ``MonotonicClock/now()``.
    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// Whether the deadline is now or in the past.
    /// - Returns: `true` once ``MonotonicClock/now()`` has reached ``nanoseconds``.
    public var hasPassed: Bool {
        MonotonicClock.now() >= nanoseconds
    }

    /// Orders deadlines by time.
    /// - Parameters:
    ///   - lhs: A deadline.
    ///   - rhs: Another deadline.
    /// - Returns: `true` when `lhs` comes first.
    public static func < (lhs: Deadline, rhs: Deadline) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }
}
