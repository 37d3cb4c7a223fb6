//! Liquid, as docs sites use it: includes, variables, version conditionals
//! and example-payload placeholders. Everything else is markup we drop;
//! Hugo's shortcodes, which look alike, are left to `markup`.

use std::path::PathBuf;

use super::sources::{FileId, Text};
use super::version::eval;
use super::{Loader, MAX_INCLUDE_DEPTH};

/// One `{% if %}` level being expanded.
struct Frame {
    /// Whether the enclosing text is being kept.
    parent: bool,
    /// Whether an earlier branch of this `if` was taken.
    taken: bool,
    /// Whether the current branch is kept.
    active: bool,
    /// Where the `if` opened, for an unclosed-tag message.
    at: usize,
}

impl Loader<'_> {
    /// Expands `file`'s text from byte `start` into `out`.
    pub(super) fn expand(&mut self, file: FileId, start: usize, out: &mut Text, depth: usize) {
        let src = self.sources.file_text(file).to_string();
        let mut frames: Vec<Frame> = Vec::new();
        let mut skip_until: Option<&'static str> = None;
        let active = |frames: &[Frame]| frames.last().is_none_or(|f| f.active);
        // Text is kept where it is active, and inside `{% raw %}` too.
        let keep = |frames: &[Frame], skip: Option<&str>| {
            active(frames) && skip.is_none_or(|s| s == "endraw")
        };
        let mut pos = start;
        while pos < src.len() {
            let rest = &src[pos..];
            let Some(rel) = rest.find(['{']).filter(|_| true) else {
                if keep(&frames, skip_until) {
                    out.push_source(rest, file, pos);
                }
                break;
            };
            let open = pos + rel;
            let kind = match src.as_bytes().get(open + 1) {
                Some(b'%') => "%}",
                Some(b'{') => "}}",
                _ => {
                    if keep(&frames, skip_until) {
                        out.push_source(&src[pos..open + 1], file, pos);
                    }
                    pos = open + 1;
                    continue;
                }
            };
            if keep(&frames, skip_until) {
                out.push_source(&src[pos..open], file, pos);
            }
            // A Hugo shortcode (`{{< x >}}`, `{{% x %}}`) is not Liquid: it
            // is left for the markup pass.
            let hugo = match src.as_bytes().get(open + 2) {
                Some(b'<') if kind == "}}" => Some(">}}"),
                Some(b'%') if kind == "}}" => Some("%}}"),
                _ => None,
            };
            if let Some(end) = hugo.and_then(|close| {
                src[open + 3..]
                    .find(close)
                    .map(|n| open + 3 + n + close.len())
            }) {
                if keep(&frames, skip_until) {
                    out.push_source(&src[open..end], file, open);
                }
                pos = end;
                continue;
            }
            let body_start = open + 2;
            let Some(close_rel) = src[body_start..].find(kind) else {
                let span = self.sources.span(file, open);
                self.diags.warning(
                    span,
                    format!("unterminated Liquid tag: no closing `{kind}`; the rest of the file is kept as text"),
                );
                // Keep the rest as text so the page still parses.
                if active(&frames) && skip_until.is_none() {
                    out.push_source(&src[open..], file, open);
                }
                break;
            };
            let close = body_start + close_rel;
            let inner = src[body_start..close].trim_matches('-').trim();
            pos = close + 2;

            if let Some(end) = skip_until {
                if kind == "%}" && first_word(inner) == end {
                    skip_until = None;
                } else if end == "endraw" && active(&frames) {
                    out.push_source(&src[open..pos], file, open);
                }
                continue;
            }

            if kind == "}}" {
                if active(&frames) {
                    self.output(inner, file, open, out, depth);
                }
                continue;
            }

            let (word, args) = split_word(inner);
            match word {
                "if" | "ifversion" | "unless" | "elsif" => {
                    let kept = |this: &mut Self| {
                        let r = eval(args, this.version);
                        this.versioned |= r.is_ok();
                        let r = r.unwrap_or_else(|why| {
                            let span = this.sources.span(file, open);
                            this.diags.warning(
                                span,
                                format!("cannot evaluate condition `{args}`: {why}; treating it as false"),
                            );
                            false
                        });
                        if word == "unless" {
                            !r
                        } else {
                            r
                        }
                    };
                    if word == "elsif" {
                        let Some(top) = frames.last() else {
                            let span = self.sources.span(file, open);
                            self.diags.warning(span, "`elsif` without `if`; ignored");
                            continue;
                        };
                        let (parent, taken) = (top.parent, top.taken);
                        let now = parent && !taken && kept(self);
                        let top = frames.last_mut().expect("checked above");
                        top.active = now;
                        top.taken |= now;
                    } else {
                        let parent = active(&frames);
                        let now = parent && kept(self);
                        frames.push(Frame {
                            parent,
                            taken: now,
                            active: now,
                            at: open,
                        });
                    }
                }
                "else" => match frames.last_mut() {
                    Some(top) => {
                        top.active = top.parent && !top.taken;
                        top.taken = true;
                    }
                    None => {
                        let span = self.sources.span(file, open);
                        self.diags.warning(span, "`else` without `if`; ignored");
                    }
                },
                "endif" | "endunless" | "endifversion" => {
                    if frames.pop().is_none() {
                        let span = self.sources.span(file, open);
                        self.diags
                            .warning(span, format!("`{word}` without `if`; ignored"));
                    }
                }
                "data" | "reusables" | "variables" | "indented_data_reference" => {
                    if active(&frames) {
                        let path = if word == "data" || word == "indented_data_reference" {
                            first_word(args).to_string()
                        } else {
                            format!("{word}.{}", first_word(args))
                        };
                        self.data(&path, file, open, out, depth);
                    }
                }
                "raw" => skip_until = Some("endraw"),
                "comment" => skip_until = Some("endcomment"),
                // Callout boxes and icons carry no structure.
                "note"
                | "endnote"
                | "tip"
                | "endtip"
                | "warning"
                | "endwarning"
                | "danger"
                | "enddanger"
                | "caution"
                | "endcaution"
                | "octicon"
                | "link"
                | "link_in_list"
                | "link_with_intro"
                | "homepage_link_with_intro"
                | "assign"
                | "capture"
                | "endcapture" => {}
                // `{% reusables.x %}`: a `data` tag that lost its keyword.
                w if w.starts_with("reusables.") || w.starts_with("variables.") => {
                    if active(&frames) {
                        self.data(w, file, open, out, depth);
                    }
                }
                _ => {
                    let span = self.sources.span(file, open);
                    self.diags
                        .note(span, format!("unknown Liquid tag `{word}` dropped"));
                }
            }
        }
        for f in frames {
            let span = self.sources.span(file, f.at);
            self.diags.warning(
                span,
                "conditional is never closed with `endif`; closed at end of file",
            );
        }
        match skip_until {
            Some("endraw") => {
                let span = self.sources.span(file, src.len());
                self.diags.warning(
                    span,
                    "`raw` block is never closed; the rest of the file is kept as text",
                );
            }
            Some(_) => {
                let span = self.sources.span(file, src.len());
                self.diags
                    .warning(span, "block is never closed; its content was skipped");
            }
            None => {}
        }
    }

    /// `{{ name }}`: an example payload placeholder or a variable.
    fn output(&mut self, inner: &str, file: FileId, at: usize, out: &mut Text, depth: usize) {
        let name = first_word(inner);
        if let Some(rest) = name.strip_prefix("webhookPayloadsForCurrentVersion.") {
            self.payload_placeholder(rest, file, at, out);
        } else if let Some(var) = name.strip_prefix("site.data.") {
            self.data(var, file, at, out, depth);
        } else {
            let span = self.sources.span(file, at);
            self.diags
                .warning(span, format!("undefined variable `{name}`; left empty"));
        }
    }

    /// Splices an example payload file in as a fenced JSON block.
    fn payload_placeholder(&mut self, rest: &str, file: FileId, at: usize, out: &mut Text) {
        let (event, action) = match rest.split_once('.') {
            Some((e, a)) => (e, Some(a)),
            None => (rest, None),
        };
        let Some(payload) = self.find_payload(event, action) else {
            let span = self.sources.span(file, at);
            let v = &self.version;
            self.diags.warning(
                span,
                format!(
                    "no example payload `{rest}` for version {}{}",
                    v.plan,
                    v.release
                        .map(|(a, b)| format!("-{a}.{b}"))
                        .unwrap_or_default()
                ),
            );
            return;
        };
        let Some(id) = self.read(&payload, Some((file, at))) else {
            return;
        };
        self.referenced_payloads.insert(payload);
        let text = self.sources.file_text(id).to_string();
        out.push_synthetic("\n\n```json\n", file, at);
        out.push_source(&text, id, 0);
        out.push_synthetic("\n```\n\n", file, at);
    }

    /// `{% data reusables.a.b %}` / `{% data variables.a.b %}`.
    fn data(&mut self, path: &str, file: FileId, at: usize, out: &mut Text, depth: usize) {
        if depth >= MAX_INCLUDE_DEPTH {
            let span = self.sources.span(file, at);
            self.diags.warning(
                span,
                format!("includes nest deeper than {MAX_INCLUDE_DEPTH} levels at `{path}`; not expanded"),
            );
            return;
        }
        // Each dot-separated part becomes a path component; one with a
        // separator in it would leave the docs tree (`reusables./etc/x`).
        if path.contains(['/', '\\']) {
            let span = self.sources.span(file, at);
            self.diags.warning(
                span,
                format!("`{path}` is not a data path (it names a file path); left out"),
            );
            return;
        }
        let mut parts = path.split('.');
        match parts.next() {
            Some("variables") => {
                let rest: Vec<&str> = parts.collect();
                match self.variable(&rest) {
                    Some(value) => {
                        // Variable values may hold Liquid themselves.
                        let id = self.sources.add(format!("<variable {path}>"), value);
                        let mut inner = Text::default();
                        self.expand(id, 0, &mut inner, depth + 1);
                        out.push_synthetic(&inner.text, file, at);
                    }
                    None => {
                        let span = self.sources.span(file, at);
                        self.diags
                            .warning(span, format!("undefined variable `{path}`; left empty"));
                    }
                }
            }
            Some(_) => {
                let rel: PathBuf = std::iter::once("data")
                    .chain(path.split('.'))
                    .collect::<PathBuf>()
                    .with_extension("md");
                let key = rel.to_string_lossy().replace('\\', "/");
                if self.include_stack.contains(&key) {
                    let span = self.sources.span(file, at);
                    self.diags.warning(
                        span,
                        format!("include cycle: `{path}` includes itself; not expanded again"),
                    );
                    self.diags.with_help(format!(
                        "chain: {} -> {key}",
                        self.include_stack.join(" -> ")
                    ));
                    return;
                }
                let full = self.root_dir.join(&rel);
                if !full.is_file() {
                    let span = self.sources.span(file, at);
                    self.diags.warning(
                        span,
                        format!("include `{path}` not found (looked for {key}); left out"),
                    );
                    return;
                }
                let Some(id) = self.read(&full, Some((file, at))) else {
                    return;
                };
                self.include_stack.push(key);
                let mut inner = Text::default();
                self.expand(id, 0, &mut inner, depth + 1);
                self.include_stack.pop();
                // Includes are one-liners in practice; a trailing newline
                // would cut a table row that continues after the tag.
                let keep = inner.text.trim_end_matches(['\n', '\r']).len();
                out.append(&inner, keep);
            }
            None => {
                let span = self.sources.span(file, at);
                self.diags.warning(span, "empty `data` tag");
            }
        }
    }
}

fn first_word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], s[i..].trim()),
        None => (s, ""),
    }
}
