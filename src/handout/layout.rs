//! The page model between the content and the PDF: the handout is a column of rows (a line
//! of text, a picture, a question with its answer lines), each a few drawing operations and
//! a height. Rows are never split; pagination moves whole rows to the next page, keeping a
//! heading with what follows it and short boxes in one piece.

use krilla::image::Image;

use super::text::Line;

/// One thing to draw, positioned relative to the top left of its row (points, y down).
#[derive(Debug, Clone)]
pub enum Op {
    Text {
        x: f32,
        baseline: f32,
        line: Line,
        /// 0 is black, 255 white.
        luma: u8,
    },
    /// A filled rectangle (lines, boxes' edges and backgrounds).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        luma: u8,
    },
    /// A rectangle's outline (the checkboxes).
    Outline {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        width: f32,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Image,
    },
    /// A line of a language help notice: its runs, each in its own font and direction, at
    /// `size` points, from `x` (see [`crate::language_help::layout`]).
    Notice {
        x: f32,
        baseline: f32,
        line: crate::language_help::layout::Line,
        size: f32,
    },
    /// A QR code: `dark` holds `size * size` modules, row by row.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        size: usize,
        dark: Vec<bool>,
    },
}

impl Op {
    /// The same operation moved right by `dx` and down by `dy`.
    pub fn shifted(mut self, dx: f32, dy: f32) -> Op {
        match &mut self {
            Op::Text { x, baseline, .. } | Op::Notice { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Op::Fill { x, y, .. }
            | Op::Outline { x, y, .. }
            | Op::Image { x, y, .. }
            | Op::Qr { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
        self
    }
}

/// A slice of the column that is never split across pages.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub height: f32,
    /// Space above the row, dropped when the row starts a page.
    pub space_before: f32,
    /// Put this row on the same page as the next one (headings, boxes, a question and its
    /// answer lines).
    pub keep_with_next: bool,
    pub ops: Vec<Op>,
}

impl Row {
    pub fn new(height: f32, ops: Vec<Op>) -> Self {
        Self {
            height,
            ops,
            ..Self::default()
        }
    }

    /// Move everything in the row right by `dx` and down by `dy`, growing it by `dy`.
    pub fn shift(&mut self, dx: f32, dy: f32) {
        self.ops = std::mem::take(&mut self.ops)
            .into_iter()
            .map(|op| op.shifted(dx, dy))
            .collect();
        self.height += dy;
    }
}

/// A row placed on a page: `x` points right of the left margin, `y` below the top edge.
#[derive(Debug, Clone)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub row: Row,
}

/// Keep `rows` (a run that belongs together) on one page when it fits on one.
pub fn keep_together(rows: &mut [Row]) {
    let n = rows.len();
    for row in rows.iter_mut().take(n.saturating_sub(1)) {
        row.keep_with_next = true;
    }
}

/// Pour rows into columns, one after the other; column `n` is `height(n)` points tall.
/// A row moves to the next column when it does not fit, and so does a run of rows marked
/// `keep_with_next` when the run fits in a column of its own but not in what is left of this
/// one. Returns each column's rows, `y` measured from the column's top.
pub fn paginate(rows: Vec<Row>, height: impl Fn(usize) -> f32) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = 0.0_f32;
    let mut i = 0;
    while i < rows.len() {
        let height = height(pages.len() - 1);
        let at_top = pages.last().is_none_or(Vec::is_empty);
        let gap = if at_top { 0.0 } else { rows[i].space_before };
        let mut run = rows[i].height;
        let mut j = i;
        while rows[j].keep_with_next && j + 1 < rows.len() {
            j += 1;
            run += rows[j].space_before + rows[j].height;
        }
        let run_breaks_here = y + gap + run > height && run <= height;
        let row_breaks_here = y + gap + rows[i].height > height;
        if !at_top && (run_breaks_here || row_breaks_here) {
            pages.push(Vec::new());
            y = 0.0;
            continue;
        }
        let row = rows[i].clone();
        y += gap;
        let h = row.height;
        if let Some(page) = pages.last_mut() {
            page.push(Placed { x: 0.0, y, row });
        }
        y += h;
        i += 1;
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(h: f32, keep: bool) -> Row {
        Row {
            height: h,
            space_before: 5.0,
            keep_with_next: keep,
            ops: Vec::new(),
        }
    }

    #[test]
    fn rows_flow_onto_new_pages_without_losing_any() {
        let rows: Vec<Row> = (0..25).map(|_| row(10.0, false)).collect();
        let pages = paginate(rows, |_| 100.0);
        assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 25);
        for page in &pages {
            let last = page.last().unwrap();
            assert!(last.y + last.row.height <= 100.0);
            assert_eq!(page[0].y, 0.0, "no gap at the top of a page");
        }
    }

    #[test]
    fn a_heading_moves_with_the_text_after_it() {
        let mut rows: Vec<Row> = (0..5).map(|_| row(15.0, false)).collect();
        rows.push(row(15.0, true)); // heading at y = 100, would fit alone
        rows.push(row(15.0, false));
        let pages = paginate(rows, |_| 110.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].len(), 2, "the heading went over with its text");
    }

    #[test]
    fn a_run_taller_than_a_page_is_split_rather_than_looping() {
        let rows: Vec<Row> = (0..30).map(|i| row(10.0, i < 29)).collect();
        let pages = paginate(rows, |_| 100.0);
        assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), 30);
        assert!(pages.len() >= 3);
    }

    #[test]
    fn a_shorter_first_column_takes_fewer_rows() {
        let rows: Vec<Row> = (0..20).map(|_| row(10.0, false)).collect();
        let pages = paginate(rows, |n| if n == 0 { 50.0 } else { 100.0 });
        assert_eq!(pages[0].len(), 3); // 0-10, 15-25, 30-40; the next would end at 55
        assert_eq!(pages[1].len(), 7);
    }
}
