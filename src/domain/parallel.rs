//! Work over `0..len` split into one contiguous range per thread, the results joined in order:
//! the one implementation behind the parallel search and the roster filter.

use std::ops::Range;

/// Below this many items one thread is quicker than starting more (measured for the search,
/// the filter and the duplicate scan alike).
const WORTH_THREADS_FROM: usize = 20_000;

/// Threads worth starting for `count` items: one below [`WORTH_THREADS_FROM`] (a second
/// thread would cost more than it saves), else one per core, at most 8.
pub fn threads_for(count: usize) -> usize {
    if count < WORTH_THREADS_FROM {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Runs `work` on consecutive ranges that cover `0..len`, one per thread (at most `threads`),
/// and returns their results one after another in range order. A panic in a worker is passed
/// on to the caller.
pub fn in_chunks<T: Send>(
    len: usize,
    threads: usize,
    work: impl Fn(Range<usize>) -> Vec<T> + Sync,
) -> Vec<T> {
    let threads = threads.max(1);
    if threads == 1 {
        return work(0..len);
    }
    let chunk = len.div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..len)
            .step_by(chunk)
            .map(|start| s.spawn(move || work(start..(start + chunk).min(len))))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Like [`in_chunks`], for work that takes its items by value: `items` is cut into one
/// consecutive part per thread (at most `threads`), and the results are joined in order.
pub fn map_chunks<T: Send, U: Send>(
    mut items: Vec<T>,
    threads: usize,
    work: impl Fn(Vec<T>) -> Vec<U> + Sync,
) -> Vec<U> {
    let threads = threads.max(1);
    if threads == 1 || items.len() < 2 {
        return work(items);
    }
    let chunk = items.len().div_ceil(threads);
    // Cut from the end, so each cut moves one part, not the rest of the items.
    let mut parts = Vec::with_capacity(threads);
    while items.len() > chunk {
        parts.push(items.split_off(items.len() - chunk));
    }
    parts.push(items);
    parts.reverse();
    let work = &work;
    std::thread::scope(|s| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(move || work(part)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_once_in_order_whatever_the_threads() {
        for len in [0, 1, 2, 7, 100, 1001] {
            for threads in [1, 2, 3, 8] {
                let items: Vec<String> = (0..len).map(|i| i.to_string()).collect();
                let got = map_chunks(items.clone(), threads, |part| part);
                assert_eq!(got, items, "len {len}, threads {threads}");
            }
        }
    }

    #[test]
    fn every_index_once_in_order_whatever_the_threads() {
        for len in [0, 1, 2, 7, 100, 1001] {
            for threads in [1, 2, 3, 8] {
                let got = in_chunks(len, threads, |range| range.collect());
                assert_eq!(
                    got,
                    (0..len).collect::<Vec<_>>(),
                    "len {len}, threads {threads}"
                );
            }
        }
    }
}
