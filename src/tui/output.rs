//! The terminal's writer. A frame is wrapped in synchronized-output markers and should leave in
//! one write (one packet over SSH), but ratatui's cursor calls flush in the middle of a frame;
//! this writer holds everything until the frame's end marker, and passes any other flush on.

use std::io::{self, Write};

/// `BeginSynchronizedUpdate` and `EndSynchronizedUpdate` as crossterm writes them.
const BEGIN: &[u8] = b"\x1b[?2026h";
const END: &[u8] = b"\x1b[?2026l";

/// Buffers output and writes it to `out` in one call when a frame ends (or on a flush outside
/// a frame).
pub struct FrameWriter<W: Write> {
    pending: Vec<u8>,
    out: W,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W) -> FrameWriter<W> {
        FrameWriter {
            pending: Vec::with_capacity(64 * 1024),
            out,
        }
    }

    /// Inside a frame: a begin marker with no end marker after it.
    fn in_frame(&self) -> bool {
        match find_last(&self.pending, BEGIN) {
            Some(begin) => find_last(&self.pending, END).is_none_or(|end| end < begin),
            None => false,
        }
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending.is_empty() || self.in_frame() {
            return Ok(());
        }
        self.out.write_all(&self.pending)?;
        self.pending.clear();
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// Records each write call.
    #[derive(Clone, Default)]
    struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_leaves_in_one_write_whatever_flushes_inside_it() {
        let writes = Writes::default();
        let mut out = FrameWriter::new(writes.clone());
        out.write_all(BEGIN).expect("write");
        out.write_all(b"cells").expect("write");
        out.flush().expect("mid-frame flush");
        out.write_all(b"\x1b[?25l").expect("write");
        out.flush().expect("mid-frame flush");
        assert!(writes.0.borrow().is_empty(), "held until the frame ends");
        out.write_all(END).expect("write");
        out.flush().expect("flush");
        assert_eq!(writes.0.borrow().len(), 1);
        assert!(writes.0.borrow()[0].ends_with(END));

        // Outside a frame a flush is a flush.
        out.write_all(b"\x1b[?25h").expect("write");
        out.flush().expect("flush");
        assert_eq!(writes.0.borrow().len(), 2);
    }
}
