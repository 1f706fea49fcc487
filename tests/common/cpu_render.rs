//! Pictures of the screen for the tests, drawn on the CPU: egui's own tessellated triangles
//! filled pixel by pixel, as its GL renderer draws them (premultiplied colours blended in
//! gamma space, textures sampled bilinearly). The tests need no GPU, no Mesa and no wgpu
//! (about 24 crates the kiosk itself never uses), so the snapshot and phone-code tests run
//! on any machine with Rust.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, ImageData, Primitive};
use egui::{Color32, TextureFilter, TextureId, TexturesDelta};

/// One texture as egui gave it: premultiplied sRGBA texels, top row first.
struct Texture {
    size: [usize; 2],
    texels: Vec<Color32>,
    nearest: bool,
}

impl Texture {
    fn texel(&self, x: isize, y: isize) -> [f32; 4] {
        let x = x.clamp(0, self.size[0] as isize - 1) as usize;
        let y = y.clamp(0, self.size[1] as isize - 1) as usize;
        let c = self.texels[y * self.size[0] + x];
        [c.r(), c.g(), c.b(), c.a()].map(|v| f32::from(v) / 255.0)
    }

    /// The texture at `uv`, bilinear (or nearest), edges clamped.
    fn sample(&self, uv: [f32; 2]) -> [f32; 4] {
        let x = uv[0] * self.size[0] as f32 - 0.5;
        let y = uv[1] * self.size[1] as f32 - 0.5;
        if self.nearest {
            return self.texel(x.round() as isize, y.round() as isize);
        }
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as isize, y0 as isize);
        let [a, b, c, d] = [
            self.texel(x0, y0),
            self.texel(x0 + 1, y0),
            self.texel(x0, y0 + 1),
            self.texel(x0 + 1, y0 + 1),
        ];
        std::array::from_fn(|i| {
            let top = a[i] + (b[i] - a[i]) * fx;
            let bottom = c[i] + (d[i] - c[i]) * fx;
            top + (bottom - top) * fy
        })
    }
}

/// Draws a harness's frame on the CPU (see the module docs).
#[derive(Default)]
pub struct CpuRenderer {
    textures: HashMap<TextureId, Texture>,
}

impl egui_kittest::TestRenderer for CpuRenderer {
    fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        for (id, images) in delta.set.drain() {
            for image in images {
                let ImageData::Color(patch) = &image.image;
                let nearest = image.options.magnification == TextureFilter::Nearest;
                match image.pos {
                    None => {
                        self.textures.insert(
                            id,
                            Texture {
                                size: patch.size,
                                texels: patch.pixels.clone(),
                                nearest,
                            },
                        );
                    }
                    Some([px, py]) => {
                        let Some(texture) = self.textures.get_mut(&id) else {
                            continue;
                        };
                        let [w, h] = patch.size;
                        for y in 0..h {
                            for x in 0..w {
                                let (tx, ty) = (px + x, py + y);
                                if tx < texture.size[0] && ty < texture.size[1] {
                                    texture.texels[ty * texture.size[0] + tx] =
                                        patch.pixels[y * w + x];
                                }
                            }
                        }
                    }
                }
            }
        }
        for id in delta.free.drain() {
            self.textures.remove(&id);
        }
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        let ppp = ctx.pixels_per_point();
        let size = ctx.content_rect().size() * ppp;
        let (width, height) = (size.x.round() as usize, size.y.round() as usize);
        let mut canvas = vec![[0.0_f32; 4]; width * height];
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        for ClippedPrimitive {
            clip_rect,
            primitive,
        } in &primitives
        {
            let Primitive::Mesh(mesh) = primitive else {
                return Err("a paint callback: the CPU renderer draws meshes only".into());
            };
            let texture = self
                .textures
                .get(&mesh.texture_id)
                .ok_or_else(|| format!("unknown texture {:?}", mesh.texture_id))?;
            // The clip rectangle in whole pixels, as a GPU's scissor.
            let clip = [
                (clip_rect.min.x * ppp).round().max(0.0) as usize,
                (clip_rect.min.y * ppp).round().max(0.0) as usize,
                ((clip_rect.max.x * ppp).round().max(0.0) as usize).min(width),
                ((clip_rect.max.y * ppp).round().max(0.0) as usize).min(height),
            ];
            for triangle in mesh.indices.chunks_exact(3) {
                let v = [triangle[0], triangle[1], triangle[2]].map(|i| mesh.vertices[i as usize]);
                fill_triangle(&mut canvas, width, clip, ppp, &v, texture);
            }
        }
        let mut image = image::RgbaImage::new(width as u32, height as u32);
        for (pixel, c) in image.pixels_mut().zip(&canvas) {
            // Premultiplied to straight alpha, as a screenshot holds it.
            let a = c[3];
            let un = |v: f32| {
                let v = if a > 0.0 { v / a } else { 0.0 };
                (v.clamp(0.0, 1.0) * 255.0).round() as u8
            };
            *pixel = image::Rgba([un(c[0]), un(c[1]), un(c[2]), (a * 255.0).round() as u8]);
        }
        Ok(image)
    }
}

/// Fill one triangle: every pixel whose centre is inside it (and inside `clip`) blends the
/// interpolated vertex colour times the texture over what is there. A centre exactly on an
/// edge belongs to one of the two triangles that share it, as on a GPU, so a quad's diagonal
/// is never blended twice.
fn fill_triangle(
    canvas: &mut [[f32; 4]],
    width: usize,
    clip: [usize; 4],
    ppp: f32,
    v: &[egui::epaint::Vertex; 3],
    texture: &Texture,
) {
    let mut v = *v;
    let mut p = v.map(|v| [v.pos.x * ppp, v.pos.y * ppp]);
    let mut area = edge(p[0], p[1], p[2]);
    if area.abs() < f32::EPSILON {
        return;
    }
    if area < 0.0 {
        // One winding for all (egui uses both), so shared edges run opposite ways.
        v.swap(1, 2);
        p.swap(1, 2);
        area = -area;
    }
    // The edge opposite each vertex, and whether a centre exactly on it is inside.
    let edges = [(p[1], p[2]), (p[2], p[0]), (p[0], p[1])];
    let owns = edges.map(|(a, b)| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        dy > 0.0 || (dy == 0.0 && dx < 0.0)
    });
    let bound =
        |f: fn(f32, f32) -> f32, axis: usize, start: f32| p.iter().map(|q| q[axis]).fold(start, f);
    let x0 = (bound(f32::min, 0, f32::INFINITY).floor().max(0.0) as usize).max(clip[0]);
    let x1 = (bound(f32::max, 0, f32::NEG_INFINITY).ceil().max(0.0) as usize).min(clip[2]);
    let y0 = (bound(f32::min, 1, f32::INFINITY).floor().max(0.0) as usize).max(clip[1]);
    let y1 = (bound(f32::max, 1, f32::NEG_INFINITY).ceil().max(0.0) as usize).min(clip[3]);
    let colour = v.map(|v| {
        let c = v.color;
        [c.r(), c.g(), c.b(), c.a()].map(|x| f32::from(x) / 255.0)
    });
    // Most of a screen is flat colour: one texel, one colour for the whole triangle.
    let flat = if v[0].uv == v[1].uv
        && v[0].uv == v[2].uv
        && v[0].color == v[1].color
        && v[0].color == v[2].color
    {
        let texel = texture.sample([v[0].uv.x, v[0].uv.y]);
        Some(std::array::from_fn::<f32, 4, _>(|i| {
            colour[0][i] * texel[i]
        }))
    } else {
        None
    };
    for y in y0..y1 {
        for x in x0..x1 {
            let centre = [x as f32 + 0.5, y as f32 + 0.5];
            let w = [0, 1, 2].map(|i| edge(edges[i].0, edges[i].1, centre) / area);
            if (0..3).any(|i| w[i] < 0.0 || (w[i] == 0.0 && !owns[i])) {
                continue;
            }
            let src = flat.unwrap_or_else(|| {
                let uv = [
                    w[0] * v[0].uv.x + w[1] * v[1].uv.x + w[2] * v[2].uv.x,
                    w[0] * v[0].uv.y + w[1] * v[1].uv.y + w[2] * v[2].uv.y,
                ];
                let texel = texture.sample(uv);
                std::array::from_fn(|i| {
                    (w[0] * colour[0][i] + w[1] * colour[1][i] + w[2] * colour[2][i]) * texel[i]
                })
            });
            let dst = &mut canvas[y * width + x];
            // Premultiplied "over".
            for i in 0..4 {
                dst[i] = src[i] + dst[i] * (1.0 - src[3]);
            }
        }
    }
}

/// Twice the signed area of the triangle (a, b, c).
fn edge(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}
