/// A fixed-size heap array of synchronization primitives (`Atomic`, `Mutex`), which are
/// noncopyable and so cannot live in an `Array`.
///
/// `@unchecked Sendable` is sound: the buffer is written only in `init` and `deinit`, and
/// elements are themselves `Sendable` primitives reached only through borrowing access.
final class Arena<Element: ~Copyable & Sendable>: @unchecked Sendable {
    /// The number of elements.
    let count: Int
    /// The elements, initialized in `init`.
    private let base: UnsafeMutablePointer<Element>

    /// Allocates `count` elements, each built by `make(index)`.
    /// - Parameters:
    ///   - count: the number of elements.
    ///   - make: builds the element at an index.
    init(count: Int, _ make: (Int) -> Element) {
        self.count = count
        base = .allocate(capacity: count)
        for index in 0..<count { (base + index).initialize(to: make(index)) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The address of element `index`, for a prefetch.
    /// - Parameter index: an element index below `count`.
    /// - Returns: its address.
    func address(of index: Int) -> UnsafeRawPointer { UnsafeRawPointer(base + index) }

    /// Borrows the element at `index` (no bounds check in release builds).
    subscript(index: Int) -> Element {
        unsafeAddress {
            assert(index >= 0 && index < count)
            return UnsafePointer(base + index)
        }
    }
}
