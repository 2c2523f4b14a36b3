// jemalloc's options for the docket executable (linked only when it is built with jemalloc;
// MALLOC_CONF in the environment still overrides them). A page freed is soon replaced by the
// next one's allocations, but by default jemalloc keeps freed pages resident for 10 s before
// it returns them: at 10,000 pages that held 40-50 MB more at the build's peak. 1 s returns them
// for a few percent more system time; 0 (at once) doubled the build's time (docs/architecture.md,
// "The allocator").
extern "C" {
const char* malloc_conf = "dirty_decay_ms:1000";
}
