//! Stacked bar charts as SVG (`secl chart`, and the chart of `balance -o
//! html`): one bar per period column, stacked by the taxonomy's nodes at a
//! depth, with a legend, labelled axes and the journal's targets as bands.
//!
//! Drawn with plotters' SVG backend and no font support: text is written as
//! SVG `<text>` elements for the viewer's fonts to lay out, and text widths
//! are estimated, generously, from character counts.
//!
//! **Stacking.** The first node in taxonomy order is on top, so that the
//! stack reads in the legend's order. A node shallower than the chart's
//! depth that has time of its own (an entry tagged `Culture` in a chart by
//! focus area) gets a segment of its own, `Culture (other)`, just above its
//! children: every bar is exactly its column's total.
//!
//! **Colours.** Each top-level node has a hue of its own (a fixed palette of
//! ten, cycled); deeper nodes are shades of their top-level node's hue, from
//! dark to light in taxonomy order, and keep their shade from chart to chart
//! whatever has time.
//!
//! **Targets.** A target on a node at or above the chart's depth covers a
//! contiguous run of segments in each bar. Its band is drawn, per bar, from
//! the run's base: from `base + min·T` to `base + max·T`, where `T` is the
//! bar's total (100% with `--percent`). The target is met exactly when the
//! top of the node's run ends inside the band; a bound that is absent ends
//! the band at the run's base (no minimum) or the bar's top (no maximum).
//! A run at the top of its bar (the first domain) is measured from the
//! top down instead: the band runs from `top − max·T` to `top − min·T`
//! and the target is met when the run's lower edge is inside it, so that
//! in a `--percent` chart the band stands at the same height in every bar
//! and steps where the target changes. Bands never reach past the bar.
//! Each column uses the target in force on its first day; a missed
//! target's edges are red.
//! Targets measure shares of all the time in a period, so bands are drawn
//! only for charts without a query; targets on nodes below the chart's
//! depth have no segment to compare and are not drawn.

use std::fmt::Write as _;

use plotters::coord::Shift;
use plotters::element::{EmptyElement, PathElement, Rectangle, Text};
use plotters::prelude::{
    BindKeyPoints, ChartBuilder, Color, DrawingArea, FontFamily, FontStyle, IntoDrawingArea,
    IntoFont, RGBAColor, RGBColor, SVGBackend, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::journal::{Journal, Target};
use crate::period::Column;
use crate::render::numbers;
use crate::render::targets::{in_force, range};
use crate::report::Grid;
use crate::report::targets::{Standing, standing};
use crate::taxonomy::{NodeId, Taxonomy};

/// A colour, `#rrggbb` in SVG and HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// This colour moved towards `other` by `amount` (0 to 1).
    fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let channel = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    fn plotters(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    fn alpha(self, alpha: f64) -> RGBAColor {
        RGBAColor(self.0, self.1, self.2, alpha)
    }
}

/// The hues of the top-level nodes, in taxonomy order (Tableau 10, ordered
/// so that the first three, the SEC domains, are blue, orange and green).
pub const HUES: [Rgb; 10] = [
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xe1, 0x57, 0x59),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0x76, 0xb7, 0xb2),
    Rgb(0xed, 0xc9, 0x48),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0xff, 0x9d, 0xa7),
    Rgb(0xba, 0xb0, 0xac),
];

const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);
/// Titles and strong text.
const INK: Rgb = Rgb(0x1f, 0x23, 0x28);
/// Labels.
const LABEL: Rgb = Rgb(0x57, 0x60, 0x6a);
/// Axes.
const AXIS: Rgb = Rgb(0x8c, 0x95, 0x9f);
/// Grid lines.
const GRID: Rgb = Rgb(0xe6, 0xe9, 0xed);

/// The colour of `node` in a chart stacked at `depth`: its top-level
/// node's hue, shaded by its place among that node's descendants down to
/// `depth` (the top-level node itself is the darkest shade).
pub fn color(taxonomy: &Taxonomy, node: NodeId, depth: u32) -> Rgb {
    let lineage = taxonomy.lineage(node);
    let root = lineage.first().copied().unwrap_or(node);
    let index = taxonomy
        .roots()
        .iter()
        .position(|&r| r == root)
        .unwrap_or(0);
    let hue = HUES[index % HUES.len()];
    // The root's subtree down to `depth`, in taxonomy order.
    let mut slots = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let n = taxonomy.node(id);
        if n.depth > depth {
            continue;
        }
        slots.push(id);
        stack.extend(n.children.iter().rev());
    }
    shade(
        hue,
        slots.iter().position(|&s| s == node).unwrap_or(0),
        slots.len(),
    )
}

/// Shade `index` of `count` of a hue: from a darker to a lighter version,
/// the hue itself in the middle; the hue itself when alone.
fn shade(hue: Rgb, index: usize, count: usize) -> Rgb {
    if count <= 1 {
        return hue;
    }
    let t = index as f64 / (count - 1) as f64;
    if t < 0.5 {
        hue.mix(BLACK, (0.5 - t) * 2.0 * 0.32)
    } else {
        hue.mix(WHITE, (t - 0.5) * 2.0 * 0.58)
    }
}

/// One stacked series: a node and its seconds per column.
#[derive(Clone, Debug)]
pub struct Series {
    /// The node.
    pub node: NodeId,
    /// The legend's name for it.
    pub label: String,
    /// Whether this is the node's own time only (a node above the chart's
    /// depth with entries of its own), not its subtree's.
    pub own: bool,
    /// Its colour.
    pub color: Rgb,
    /// Seconds per column.
    pub seconds: Vec<u64>,
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct Options {
    /// Stack the nodes at this depth (1: top-level nodes).
    pub depth: u32,
    /// Bars of 100%: each column's mix.
    pub percent: bool,
    /// Draw the journal's targets as bands.
    pub targets: bool,
    /// The title: the report span's label.
    pub title: String,
    /// What a column is (`month`), for the x axis.
    pub unit: String,
    /// The query, shown under the title when not empty.
    pub query: String,
    /// Draw the title and caption (a page that embeds the chart has its
    /// own).
    pub heading: bool,
}

/// A chart ready to draw.
pub struct Chart<'a> {
    journal: &'a Journal,
    columns: &'a [Column],
    totals: &'a [u64],
    series: Vec<Series>,
    /// The node every series lies under, when the chart is of one part of
    /// the taxonomy (a query for one focus area): its nodes get hues of
    /// their own and the legend is headed by it.
    scope: Option<NodeId>,
    options: Options,
}

/// A target band in one column, in chart units (hours or percent).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Band {
    low: f64,
    high: f64,
    /// The heights of the bounds drawn as lines (a minimum, a maximum).
    lines: [Option<f64>; 2],
    /// Whether the target is missed in this column (its edges are red).
    missed: bool,
}

impl<'a> Chart<'a> {
    /// The series of a grid stacked at `options.depth`, in taxonomy order;
    /// nodes with no time in any column are left out.
    pub fn new(journal: &'a Journal, grid: &'a Grid, options: Options) -> Chart<'a> {
        let taxonomy = &journal.taxonomy;
        let depth = options.depth.max(1);
        let mut series = Vec::new();
        for id in taxonomy.preorder() {
            let node = taxonomy.node(id);
            let (seconds, own) = if node.depth == depth {
                (grid.inclusive(id), false)
            } else if node.depth < depth {
                (grid.own(id), !node.children.is_empty())
            } else {
                continue;
            };
            if seconds.iter().all(|&s| s == 0) {
                continue;
            }
            let label = if own {
                format!("{} (other)", node.name)
            } else {
                node.name.clone()
            };
            series.push(Series {
                node: id,
                label,
                own,
                color: color(taxonomy, id, depth),
                seconds: seconds.to_vec(),
            });
        }
        let scope = scope(taxonomy, &series);
        if let Some(scope) = scope {
            let slots = scope_slots(taxonomy, scope, depth, &series);
            for series in &mut series {
                let slot = slots.iter().position(|&s| s == series.node).unwrap_or(0);
                series.color = HUES[slot % HUES.len()];
            }
        }
        Chart {
            journal,
            columns: &grid.columns,
            totals: &grid.totals,
            series,
            scope,
            options: Options { depth, ..options },
        }
    }

    /// The colour of a node: its series' colour, else its place in the
    /// taxonomy's shades.
    fn node_color(&self, node: NodeId) -> Rgb {
        self.series.iter().find(|s| s.node == node).map_or_else(
            || color(&self.journal.taxonomy, node, self.options.depth),
            |s| s.color,
        )
    }

    /// The stacked series, in taxonomy order (the top of each bar first).
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// A value in chart units: hours, or percent of the column's total.
    fn value(&self, seconds: u64, column: usize) -> f64 {
        if self.options.percent {
            let total = self.totals[column];
            if total == 0 {
                0.0
            } else {
                seconds as f64 * 100.0 / total as f64
            }
        } else {
            seconds as f64 / 3600.0
        }
    }

    /// The top of a column's bar, in chart units.
    fn top(&self, column: usize) -> f64 {
        self.value(self.totals[column], column)
    }

    /// The targets drawn as bands, in declaration order.
    fn targets(&self) -> Vec<&'a Target> {
        if !self.options.targets || self.totals.iter().all(|&t| t == 0) {
            return Vec::new();
        }
        let taxonomy = &self.journal.taxonomy;
        self.journal
            .targets
            .iter()
            .filter(|t| taxonomy.node(t.node).depth <= self.options.depth)
            .collect()
    }

    /// A target's band in each column (none in a column with no time).
    fn bands(&self, target: &Target) -> Vec<Option<Band>> {
        let taxonomy = &self.journal.taxonomy;
        let order = taxonomy.preorder();
        let position = |id: NodeId| order.iter().position(|&n| n == id).unwrap_or(0);
        let start = position(target.node);
        let end = start + subtree_size(taxonomy, target.node);
        // Below the target's run: the series after its subtree.
        let below: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| position(s.node) >= end)
            .collect();
        let above: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| position(s.node) < start)
            .collect();
        let run: Vec<&Series> = self
            .series
            .iter()
            .filter(|s| (start..end).contains(&position(s.node)))
            .collect();
        (0..self.columns.len())
            .map(|column| {
                let total = self.totals[column];
                if total == 0 || !target.in_force(self.columns[column].span.first) {
                    return None;
                }
                let base_seconds: u64 = below.iter().map(|s| s.seconds[column]).sum();
                let above: u64 = above.iter().map(|s| s.seconds[column]).sum();
                let base = self.value(base_seconds, column);
                let whole = self.top(column);
                let min = target.min.unwrap_or(0.0);
                // The node's run never ends above the bar's top: a band is
                // clipped to the bar.
                // With no maximum, the band is a strip beside its minimum's
                // line, on the side that meets the target.
                let strip = STRIP * whole;
                let (low, high, lines) = if above == 0 {
                    let high = whole * (1.0 - min);
                    let low = match target.max {
                        Some(max) => whole * (1.0 - max),
                        None => (high - strip).max(0.0),
                    };
                    let lines = [
                        (min > 0.0).then_some(high),
                        target.max.is_some_and(|m| m < 1.0).then_some(low),
                    ];
                    (low, high, lines)
                } else {
                    let low = (base + min * whole).min(whole);
                    let high = match target.max {
                        Some(max) => (base + max * whole).min(whole),
                        None => (low + strip).min(whole),
                    };
                    let lines = [
                        (min > 0.0).then_some(low),
                        target
                            .max
                            .is_some_and(|m| base + m * whole < whole)
                            .then_some(high),
                    ];
                    (low, high, lines)
                };
                let seconds: u64 = run.iter().map(|s| s.seconds[column]).sum();
                let missed =
                    standing(seconds, total, target.min, target.max).is_some_and(Standing::is_miss);
                Some(Band {
                    low,
                    high,
                    lines,
                    missed,
                })
            })
            .collect()
    }

    /// The chart as an SVG document.
    pub fn svg(&self) -> String {
        let mut svg = String::new();
        let size = self.size();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            // Drawing into a string cannot fail; a layout plotters refuses
            // (an area too small) leaves a partial picture rather than none.
            let _ = self.draw(&root);
            let _ = root.present();
        }
        svg
    }

    /// The picture's size: a fixed plot, a legend as wide as its longest
    /// name, as tall as the legend needs.
    fn size(&self) -> (u32, u32) {
        let legend = self.legend();
        let width = legend
            .iter()
            .map(|item| item.indent + SWATCH + 8 + text_width(&item.text, LEGEND_FONT))
            .max()
            .unwrap_or(0)
            .max(160)
            + 32;
        let height = self.header() + 24 + legend.len() as u32 * LEGEND_LINE + 24;
        (self.plot_width() + width, height.max(self.header() + 468))
    }

    fn draw(
        &self,
        root: &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>> {
        root.fill(&WHITE.plotters())?;
        let (header, body) = root.split_vertically(self.header());
        if !self.options.heading {
            self.draw_plot_and_legend(&body)?;
            return Ok(());
        }
        header.draw(&Text::new(
            self.options.title.clone(),
            (24, 14),
            bold(20.0, INK).pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
        header.draw(&Text::new(
            self.caption(),
            (24, 44),
            font(14.0, LABEL).pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
        self.draw_plot_and_legend(&body)
    }

    /// The plot's width: wider for more columns, so that a year by month
    /// has room for every label.
    fn plot_width(&self) -> u32 {
        let columns = u32::try_from(self.columns.len()).unwrap_or(u32::MAX);
        (Y_LABELS + 40)
            .saturating_add(columns.saturating_mul(COLUMN_WIDTH))
            .clamp(PLOT_WIDTH, PLOT_WIDTH_MAX)
    }

    /// The height of the title and caption.
    fn header(&self) -> u32 {
        if self.options.heading { HEADER } else { 8 }
    }

    fn draw_plot_and_legend(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>> {
        let (plot, legend) = area.split_horizontally(self.plot_width());
        self.draw_plot(&plot)?;
        self.draw_legend(&legend)?;
        Ok(())
    }

    /// What the bars are: `Hours per month by domain`.
    pub fn description(&self) -> String {
        let taxonomy = &self.journal.taxonomy;
        let level = taxonomy.level_count(self.options.depth, 1);
        let level = level.strip_prefix("1 ").unwrap_or(&level);
        let measure = if self.options.percent {
            "Share of time"
        } else {
            "Hours"
        };
        format!("{measure} per {} by {level}", self.options.unit)
    }

    /// What the chart shows: `Hours per month by domain · 448.75 h in
    /// total · query: …`.
    pub fn caption(&self) -> String {
        let mut text = self.description();
        let total: u64 = self.totals.iter().sum();
        let _ = write!(
            text,
            " · {} h in total",
            numbers::decimal_hours(total as i64)
        );
        if !self.options.query.is_empty() {
            let _ = write!(text, " · query: {}", self.options.query);
        }
        text
    }

    fn draw_plot(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>> {
        let n = self.columns.len();
        let targets = self.targets();
        let bands: Vec<(&Target, Vec<Option<Band>>)> =
            targets.iter().map(|&t| (t, self.bands(t))).collect();
        let highest = (0..n)
            .map(|c| self.top(c))
            .chain(
                bands
                    .iter()
                    .flat_map(|(_, b)| b.iter().flatten().map(|b| b.high)),
            )
            .fold(0.0, f64::max);
        let y_max = if self.options.percent {
            // Bands are clipped to the bars: nothing is over 100%.
            100.0
        } else if highest <= 0.0 {
            10.0
        } else {
            nice_ceiling(highest * 1.08)
        };
        let slots = n.max(1) as f64;
        let x = |column: usize, fraction: f64| {
            column as i32 * SLOT + (fraction * f64::from(SLOT)).round() as i32
        };
        // At most one label per this many columns, so that labels do not
        // overlap.
        let plot_width = f64::from(self.plot_width() - Y_LABELS - 24);
        let label_width = self
            .columns
            .iter()
            .map(|c| text_width(&c.label, AXIS_FONT) + 12)
            .max()
            .unwrap_or(1);
        let stride = ((f64::from(label_width) * slots / plot_width).ceil() as usize).max(1);
        let keys: Vec<i32> = (0..n).step_by(stride).map(|i| x(i, 0.5)).collect();
        let mut chart = ChartBuilder::on(area)
            .margin_left(8)
            .margin_right(16)
            .margin_top(8)
            .margin_bottom(8)
            .x_label_area_size(52)
            .y_label_area_size(Y_LABELS)
            .build_cartesian_2d((0..x(n.max(1), 0.0)).with_key_points(keys), 0.0..y_max)?;
        let labels: Vec<&str> = self.columns.iter().map(|c| c.label.as_str()).collect();
        let x_format = |x: &i32| {
            labels
                .get((x / SLOT).max(0) as usize)
                .map(|l| l.to_string())
                .unwrap_or_default()
        };
        let percent = self.options.percent;
        let y_format = |y: &f64| {
            let text = trim_number(*y);
            if percent { format!("{text}%") } else { text }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .y_labels(8)
            .bold_line_style(GRID.plotters())
            .axis_style(AXIS.plotters())
            .label_style(font(AXIS_FONT, LABEL))
            .axis_desc_style(font(AXIS_FONT, LABEL))
            .x_label_formatter(&x_format)
            .y_label_formatter(&y_format)
            .x_desc(self.options.unit.clone())
            .y_desc(if percent { "% of time" } else { "hours" })
            .draw()?;

        let gap = if n > 40 { 0.12 } else { 0.2 };
        let overhang = gap * 0.7;
        let wide = |column: usize| (x(column, gap - overhang), x(column, 1.0 - gap + overhang));

        // Target bands behind the bars: they show beside each bar, and
        // their edges are drawn across it afterwards.
        for (target, bands) in &bands {
            let ink = self.band_color(target);
            chart.draw_series(bands.iter().enumerate().filter_map(|(column, band)| {
                let band = band.as_ref()?;
                let (left, right) = wide(column);
                Some(Rectangle::new(
                    [(left, band.low), (right, band.high)],
                    ink.alpha(BAND_ALPHA).filled(),
                ))
            }))?;
        }

        // Segments, from the bottom of each bar up: the last series first.
        for column in 0..n {
            let (left, right) = (x(column, gap), x(column, 1.0 - gap));
            let mut below = 0u64;
            let mut boundaries = Vec::new();
            for series in self.series.iter().rev() {
                let seconds = series.seconds[column];
                if seconds == 0 {
                    continue;
                }
                let bottom = self.value(below, column);
                below += seconds;
                let top = self.value(below, column);
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(left, bottom), (right, top)],
                    series.color.plotters().filled(),
                )))?;
                boundaries.push(top);
            }
            // White lines between segments.
            boundaries.pop();
            chart.draw_series(boundaries.into_iter().map(|y| {
                PathElement::new(
                    vec![(left, y), (right, y)],
                    WHITE.plotters().stroke_width(1),
                )
            }))?;
        }

        // The bands' bounds, across the bars.
        for (target, bands) in &bands {
            let ink = self.band_color(target);
            for (column, band) in bands.iter().enumerate() {
                let Some(band) = band else { continue };
                let (left, right) = wide(column);
                let ink = if band.missed { MISSED } else { ink };
                chart.draw_series(band.lines.into_iter().flatten().map(|y| {
                    PathElement::new(vec![(left, y), (right, y)], ink.plotters().stroke_width(2))
                }))?;
            }
        }

        // Each bar's total above it (and above its bands), when they fit.
        if !percent && n <= 16 {
            for column in (0..n).filter(|&c| self.totals[c] > 0) {
                let above = bands
                    .iter()
                    .filter_map(|(_, b)| b[column].map(|b| b.high))
                    .fold(self.top(column), f64::max);
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x(column, 0.5), above))
                        + Text::new(
                            numbers::decimal_hours(self.totals[column] as i64),
                            (0, -6),
                            font(11.0, LABEL).pos(Pos::new(HPos::Center, VPos::Bottom)),
                        ),
                ))?;
            }
        }

        if self.totals.iter().all(|&t| t == 0) {
            chart.draw_series(std::iter::once(Text::new(
                "no time in this period".to_string(),
                (x(n.max(1), 0.0) / 2, y_max / 2.0),
                font(14.0, LABEL).pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
        Ok(())
    }

    /// The ink of a target's band: its node's colour, darkened.
    fn band_color(&self, target: &Target) -> Rgb {
        self.node_color(target.node).mix(BLACK, 0.45)
    }

    /// The legend's lines: a heading per top-level node when stacking
    /// deeper nodes, the series, then the targets.
    fn legend(&self) -> Vec<LegendItem> {
        let taxonomy = &self.journal.taxonomy;
        let mut items = Vec::new();
        let grouped = self.options.depth > 1;
        let mut heading: Option<NodeId> = None;
        for series in &self.series {
            let group = self
                .scope
                .unwrap_or_else(|| taxonomy.lineage(series.node)[0]);
            if grouped && heading != Some(group) {
                heading = Some(group);
                if !items.is_empty() {
                    items.push(LegendItem::gap());
                }
                items.push(LegendItem {
                    text: match self.scope {
                        Some(scope) => taxonomy.path(scope),
                        None => taxonomy.node(group).name.clone(),
                    },
                    swatch: None,
                    bold: true,
                    indent: 0,
                });
            }
            items.push(LegendItem {
                text: series.label.clone(),
                swatch: Some(Swatch::Fill(series.color)),
                bold: false,
                indent: if grouped { 12 } else { 0 },
            });
        }
        let targets = self.targets();
        if !targets.is_empty() {
            items.push(LegendItem::gap());
            items.push(LegendItem {
                text: "Targets".into(),
                swatch: None,
                bold: true,
                indent: 0,
            });
            for target in targets {
                let mut text = format!("{} {}", taxonomy.node(target.node).name, range(target));
                let when = in_force(target);
                if !when.is_empty() {
                    let _ = write!(text, " {when}");
                }
                items.push(LegendItem {
                    text,
                    swatch: Some(Swatch::Band(self.band_color(target))),
                    bold: false,
                    indent: 0,
                });
            }
            items.push(LegendItem {
                text: TARGET_LEGEND.into(),
                swatch: None,
                bold: false,
                indent: 0,
            });
        }
        items
    }

    fn draw_legend(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
    ) -> Result<(), Box<dyn std::error::Error + '_>> {
        let mut y = 16i32;
        for item in self.legend() {
            let x = item.indent as i32;
            let text_x = match item.swatch {
                Some(_) => x + (SWATCH + 8) as i32,
                None => x,
            };
            match item.swatch {
                Some(Swatch::Fill(color)) => {
                    area.draw(&Rectangle::new(
                        [(x, y + 2), (x + SWATCH as i32, y + 2 + SWATCH as i32)],
                        color.plotters().filled(),
                    ))?;
                }
                Some(Swatch::Band(color)) => {
                    let (top, bottom) = (y + 2, y + 2 + SWATCH as i32);
                    area.draw(&Rectangle::new(
                        [(x, top), (x + SWATCH as i32, bottom)],
                        color.alpha(BAND_ALPHA).filled(),
                    ))?;
                    for edge in [top, bottom] {
                        area.draw(&PathElement::new(
                            vec![(x, edge), (x + SWATCH as i32, edge)],
                            color.plotters().stroke_width(2),
                        ))?;
                    }
                }
                None => {}
            }
            if !item.text.is_empty() {
                let style = match (item.bold, item.swatch) {
                    (true, _) => bold(LEGEND_FONT, INK),
                    (false, Some(_)) => font(LEGEND_FONT, INK),
                    (false, None) => font(LEGEND_FONT, LABEL),
                };
                area.draw(&Text::new(
                    item.text.clone(),
                    (text_x, y + 2 + SWATCH as i32 / 2),
                    style.pos(Pos::new(HPos::Left, VPos::Center)),
                ))?;
            }
            y += if item.text.is_empty() {
                LEGEND_LINE as i32 / 2
            } else {
                LEGEND_LINE as i32
            };
        }
        Ok(())
    }
}

/// What a band means, in one line.
const TARGET_LEGEND: &str = "On target when the colour's edge is inside its band; red: missed";
/// The depth of the band of a target with no maximum, as a fraction of
/// the bar.
const STRIP: f64 = 0.05;
/// The edges of a missed target's band.
const MISSED: Rgb = Rgb(0xcf, 0x22, 0x2e);

/// The deepest node that is every series' node or an ancestor of it, when
/// there are two series or more and they share one.
fn scope(taxonomy: &Taxonomy, series: &[Series]) -> Option<NodeId> {
    if series.len() < 2 {
        return None;
    }
    let mut common = taxonomy.lineage(series[0].node);
    for s in &series[1..] {
        let lineage = taxonomy.lineage(s.node);
        let shared = common
            .iter()
            .zip(&lineage)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(shared);
    }
    common.last().copied()
}

/// The colour slots under a scope: its subtree down to `depth`, in
/// taxonomy order (the same colours from chart to chart), or the series'
/// nodes when the subtree has more nodes than there are hues.
fn scope_slots(taxonomy: &Taxonomy, scope: NodeId, depth: u32, series: &[Series]) -> Vec<NodeId> {
    let mut slots = Vec::new();
    let mut stack = vec![scope];
    while let Some(id) = stack.pop() {
        let node = taxonomy.node(id);
        if node.depth > depth {
            continue;
        }
        // A node above the chart's depth has a colour only when its own
        // time is drawn.
        if node.depth == depth || series.iter().any(|s| s.node == id) {
            slots.push(id);
        }
        stack.extend(node.children.iter().rev());
    }
    if slots.len() > HUES.len() {
        return series.iter().map(|s| s.node).collect();
    }
    slots
}

/// The plot's width in pixels, axes included: from this…
const PLOT_WIDTH: u32 = 720;
/// …growing by this much per column beyond ten…
const COLUMN_WIDTH: u32 = 64;
/// …up to this.
const PLOT_WIDTH_MAX: u32 = 1120;
/// The opacity of a band's fill.
const BAND_ALPHA: f64 = 0.2;
/// A column's width in x axis units.
const SLOT: i32 = 1000;
/// The title's height.
const HEADER: u32 = 72;
/// The y axis labels' width.
const Y_LABELS: u32 = 64;
/// Font sizes in pixels.
const AXIS_FONT: f64 = 12.0;
const LEGEND_FONT: f64 = 12.5;
/// A legend line's height, and its swatch's side.
const LEGEND_LINE: u32 = 22;
const SWATCH: u32 = 14;

/// One line of the legend.
struct LegendItem {
    text: String,
    swatch: Option<Swatch>,
    bold: bool,
    indent: u32,
}

impl LegendItem {
    /// Half a line of space.
    fn gap() -> LegendItem {
        LegendItem {
            text: String::new(),
            swatch: None,
            bold: false,
            indent: 0,
        }
    }
}

#[derive(Clone, Copy)]
enum Swatch {
    Fill(Rgb),
    Band(Rgb),
}

/// A text style of `px` pixels. plotters writes `font-size` as the size
/// divided by 1.24, so the size given is scaled up by as much.
fn font(px: f64, color: Rgb) -> TextStyle<'static> {
    (FontFamily::SansSerif, px * 1.24)
        .into_font()
        .color(&color.plotters())
}

/// A bold text style of `px` pixels.
fn bold(px: f64, color: Rgb) -> TextStyle<'static> {
    (FontFamily::SansSerif, px * 1.24, FontStyle::Bold)
        .into_font()
        .color(&color.plotters())
}

/// A generous estimate of a text's width in pixels at `px`: sans-serif
/// letters average about 0.55 em.
fn text_width(text: &str, px: f64) -> u32 {
    (text.chars().count() as f64 * px * 0.58).ceil() as u32
}

/// The nodes in a subtree, the node included.
fn subtree_size(taxonomy: &Taxonomy, node: NodeId) -> usize {
    1 + taxonomy
        .node(node)
        .children
        .iter()
        .map(|&c| subtree_size(taxonomy, c))
        .sum::<usize>()
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&v| v >= value - 1e-9)
        .unwrap_or(10.0 * magnitude)
}

/// A tick value with no needless decimals: `20`, `2.5`.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(168.0), 200.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(101.0), 120.0);
        assert_eq!(nice_ceiling(7.3), 8.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn ticks_drop_needless_decimals() {
        assert_eq!(trim_number(20.0), "20");
        assert_eq!(trim_number(2.5), "2.5");
        assert_eq!(trim_number(0.25), "0.25");
    }

    #[test]
    fn shades_run_from_dark_to_light_around_the_hue() {
        let hue = HUES[0];
        assert_eq!(shade(hue, 0, 1), hue);
        assert_eq!(shade(hue, 1, 3), hue);
        let (dark, light) = (shade(hue, 0, 3), shade(hue, 2, 3));
        let sum = |c: Rgb| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(sum(dark) < sum(hue) && sum(hue) < sum(light));
        assert_eq!(Rgb(0x4e, 0x79, 0xa7).hex(), "#4e79a7");
    }
}
