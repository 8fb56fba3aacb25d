//! Reference-size output streams in constant memory: a counting allocator
//! (this test binary's only test) watches the bytes alive while records are
//! made and dropped one at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use shopfloor_datagen::{Dataset, Spec};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes alive above the level at the start, while `f` runs.
fn peak_while(f: impl FnOnce()) -> usize {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    f();
    PEAK.load(Ordering::SeqCst).saturating_sub(base)
}

#[test]
fn reference_streams_in_constant_memory() {
    let ds = Dataset::new(42, Spec::reference());
    const LIMIT: usize = 64 * 1024;

    let mut orders = 0u64;
    let mut lines = 0usize;
    let peak = peak_while(|| {
        for o in ds.orders().take(100_000) {
            orders += 1;
            lines += o.lines.len();
        }
    });
    assert_eq!(orders, 100_000);
    assert!(lines >= 100_000);
    assert!(peak < LIMIT, "100,000 orders held {peak} bytes at once");

    let mut customers = 0u64;
    let peak = peak_while(|| {
        customers = ds
            .customers()
            .take(20_000)
            .map(|c| c.loyalty.points.signum() as u64 + 1)
            .sum()
    });
    assert!(customers >= 20_000);
    assert!(peak < LIMIT, "20,000 customers held {peak} bytes at once");

    let mut n = 0usize;
    let peak = peak_while(|| {
        n = ds.products().take(20_000).count()
            + ds.prices(7).take(20_000).count()
            + ds.stock_counts(19).take(20_000).count()
            + ds.web_carts().take(1_000).count()
            + ds.pickups().count();
    });
    assert_eq!(n, 61_040);
    assert!(
        peak < LIMIT,
        "catalog, carts and pickups held {peak} bytes at once"
    );
}
