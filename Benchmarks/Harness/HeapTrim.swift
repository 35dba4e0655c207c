#if canImport(Glibc)
import Glibc
#endif

/// Returns the allocator's free heap pages to the kernel (glibc `malloc_trim(0)`), so that
/// resident-memory growth measured afterwards counts new memory, not reused free pages.
enum HeapTrim {
    /// `malloc_trim`, looked up at run time: the Glibc module does not export it.
    private typealias Trim = @convention(c) (Int) -> Int32

    /// Trims the heap; does nothing where `malloc_trim` does not exist.
    static func returnFreePages() {
        #if canImport(Glibc)
        // A nil handle is RTLD_DEFAULT: search every loaded object.
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
