extension UInt64 {
    /// `self + other`, or `UInt64.max` when the sum does not fit. Counts of free actions
    /// (R18, a zero rate) have no credit bound to keep them small, and a report must not
    /// trap on them (I6).
    /// - Parameter other: the value to add.
    /// - Returns: the sum, saturated.
    func saturatingAdding(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
