//! Progress lines for a terminal while a dataset loads: a national load takes minutes, and a
//! line per chunk (thousands of them) would bury the ones that say how far it got.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PROGRESS_INTERVAL: Duration = Duration::from_millis(500);

/// Progress lines for a terminal: a line per table at most every half second, and its last line.
#[derive(Default)]
pub(crate) struct ProgressPrinter {
    /// Per table: when its last line was printed, and whether that was its final line.
    shown: Mutex<HashMap<String, (Instant, bool)>>,
}

impl ProgressPrinter {
    pub(crate) fn show(&self, table: &str, done: u64, total: u64) {
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        let now = Instant::now();
        let finished = total > 0 && done >= total;
        let wanted = match shown.get(table) {
            None => true,
            Some((_, true)) => false,
            Some((last, false)) => finished || now.duration_since(*last) >= PROGRESS_INTERVAL,
        };
        if !wanted {
            return;
        }
        shown.insert(table.to_owned(), (now, finished));
        if total > 0 {
            eprintln!("{table} {done}/{total}");
        } else {
            eprintln!("{table} {done}");
        }
    }
}
