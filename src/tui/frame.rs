//! Frame output: the terminal the loop draws to, and drawing one frame of the app into it as one
//! write, sending only what changed (rows that scrolled are scrolled by the terminal itself).

use super::app::App;
use super::{output, scroll, terminal, view};
use anyhow::Context;
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use std::io::{self, Stdout, Write};

/// The terminal the loop draws to: output held so a frame leaves in one write.
pub type Term = Terminal<CrosstermBackend<output::FrameWriter<Stdout>>>;

pub fn setup() -> anyhow::Result<Term> {
    terminal::enter().context("could not put the terminal in raw mode on the alternate screen")?;
    let out = output::FrameWriter::new(io::stdout());
    Terminal::new(CrosstermBackend::new(out)).context("could not open the terminal")
}

/// Clears the screen and makes the next frame draw every cell: after a suspend or a continue
/// the screen no longer shows the last frame. (ratatui's own `clear` first asks the terminal
/// where its cursor is and waits up to 2 s for the answer.)
pub fn redraw_whole(terminal: &mut Term) -> io::Result<()> {
    queue!(
        terminal.backend_mut(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    // ratatui diffs the next frame against its previous buffer: swapping once leaves both
    // buffers empty, so every cell of the next frame is written.
    terminal.swap_buffers();
    LAST_FRAME.with_borrow_mut(|last| *last = None);
    Ok(())
}

/// Draws one frame of `app` and hands the viewport back to it. The frame is wrapped in
/// synchronized-output markers (the terminal shows it whole, never half-drawn) and flushed once:
/// one write per frame. Only the cells that changed since the last frame are sent, and when the
/// frame is the last one with rows shifted (the list scrolled), the terminal scrolls them itself
/// ([`scroll`]). The benchmarks draw through this same function into a byte-counting writer.
pub fn draw_frame<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    // ratatui keeps the last frame private, so a copy is kept per terminal (by address and
    // frame count; a stale copy costs bytes, never correctness, see below).
    let id = std::ptr::from_ref(terminal) as usize;
    let mut last = LAST_FRAME.with_borrow_mut(|last| last.take());
    let mut scrolled = None;
    let mut viewport = None;
    let count = terminal.get_frame().count();
    let completed = terminal.draw(|frame| {
        viewport = Some(view::draw(frame, app));
        let Some(old) = last
            .as_mut()
            .filter(|l| l.terminal == id && l.count == count)
            .map(|l| &mut l.buffer)
        else {
            return;
        };
        // A resize changes the area (no scroll; ratatui repaints everything). The scroll region
        // spans whole terminal rows, so the frame must start at the left edge (the event loop's
        // is full screen).
        if frame.area().x != 0 {
            return;
        }
        if let Some(band) = scroll::find(old, frame.buffer_mut()) {
            // Have ratatui present the last frame again (no cells written: the screen shows
            // it), keeping the new one aside to paint over the scrolled screen below.
            std::mem::swap(old, frame.buffer_mut());
            scrolled = Some(band);
        }
    })?;
    let area = completed.buffer.area;
    let mut kept = last.map_or_else(|| Buffer::empty(area), |l| l.buffer);
    if let Some(band) = scrolled {
        // The screen shows the last frame now, even if the kept copy was stale: ratatui just
        // diffed it onto the screen from its own previous buffer. `kept` holds the new frame.
        let mut shifted = completed.buffer.clone();
        scroll::apply(&mut shifted, band);
        let backend = terminal.backend_mut();
        // Save the cursor ratatui placed (the scroll moves it) and restore it after.
        backend.write_all(b"\x1b7")?;
        scroll::write(backend, band, area.y)?;
        // ratatui's previous buffer becomes the scrolled screen, so its diff writes only what
        // still differs: the rows scrolled in, a moved highlight, a counter.
        *terminal.current_buffer_mut() = shifted;
        terminal.swap_buffers();
        terminal.current_buffer_mut().clone_from(&kept);
        terminal.flush()?;
        terminal.swap_buffers();
        terminal.backend_mut().write_all(b"\x1b8")?;
    } else {
        kept.clone_from(completed.buffer);
    }
    LAST_FRAME.with_borrow_mut(|last| {
        *last = Some(LastFrame {
            terminal: id,
            count: count.wrapping_add(1),
            buffer: kept,
        });
    });
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()?;
    if let Some(viewport) = viewport {
        app.set_viewport(viewport);
    }
    Ok(())
}

/// The last frame [`draw_frame`] drew on this thread, and to which terminal.
struct LastFrame {
    terminal: usize,
    count: usize,
    buffer: Buffer,
}

thread_local! {
    static LAST_FRAME: std::cell::RefCell<Option<LastFrame>> = const { std::cell::RefCell::new(None) };
}
