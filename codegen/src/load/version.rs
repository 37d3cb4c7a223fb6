//! Product versions and the conditions docs put on them.
//!
//! Two dialects of the same idea: `{% ifversion fpt or ghes > 3.0 %}` and
//! the older `{% if currentVersion == "free-pro-team@latest" %}`. Both name a
//! plan and, for some plans, a release; we evaluate them for the one version
//! a run is for.

/// The version a run is for: a plan (`fpt`, `ghes`, `ghae`, ...) and, for
/// plans that have releases, which one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub plan: String,
    pub release: Option<(u32, u32)>,
}

/// Synonyms docs use for the same plan.
const PLAN_ALIASES: &[(&str, &str)] = &[
    ("free-pro-team", "fpt"),
    ("dotcom", "fpt"),
    ("enterprise-server", "ghes"),
    ("github-ae", "ghae"),
    ("enterprise-cloud", "ghec"),
];

/// The plans there are; a condition or `--version` naming another is a mistake.
const PLANS: &[&str] = &["fpt", "ghes", "ghae", "ghec"];

fn canonical_plan(plan: &str) -> &str {
    PLAN_ALIASES
        .iter()
        .find(|(alias, _)| *alias == plan)
        .map_or(plan, |(_, canonical)| canonical)
}

fn parse_release(s: &str) -> Option<(u32, u32)> {
    let (major, minor) = s.split_once('.').unwrap_or((s, "0"));
    Some((major.trim().parse().ok()?, minor.trim().parse().ok()?))
}

impl Version {
    /// Reads `fpt`, `ghes-3.1`, `ghes@3.1`, `enterprise-server@3.1`,
    /// `free-pro-team@latest`, `dotcom`, `ghae`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim().trim_matches('"');
        if s.is_empty() || s.contains(char::is_whitespace) {
            return None;
        }
        // `plan@release` names the release after the last `@`; `plan-3.1` after the last `-`.
        let split = s.rsplit_once('@').or_else(|| {
            s.rsplit_once('-')
                .filter(|(_, r)| parse_release(r).is_some())
        });
        let (plan, release) = match split {
            Some((plan, "latest")) => (plan, None),
            Some((plan, rel)) => (plan, Some(parse_release(rel)?)),
            None => (s, None),
        };
        if !PLANS.contains(&canonical_plan(plan)) {
            return None;
        }
        Some(Version {
            plan: canonical_plan(plan).to_string(),
            release,
        })
    }

    /// The short name `--version` takes: `fpt`, `ghes-3.1`.
    pub fn name(&self) -> String {
        match self.release {
            Some((a, b)) => format!("{}-{a}.{b}", self.plan),
            None => self.plan.clone(),
        }
    }

    /// Folder names example payloads of this version may live in.
    pub fn payload_dirs(&self) -> Vec<String> {
        let mut dirs = Vec::new();
        match self.release {
            Some((a, b)) => {
                dirs.push(format!("{}-{a}.{b}", self.plan));
                if self.plan == "ghes" {
                    dirs.push(format!("enterprise-server@{a}.{b}"));
                }
            }
            None => dirs.push(self.plan.clone()),
        }
        for (alias, canonical) in PLAN_ALIASES {
            if *canonical == self.plan && self.release.is_none() {
                dirs.push(alias.to_string());
            }
        }
        dirs
    }
}

/// The outcome of a condition: known, or not understood (with why).
pub type Eval = Result<bool, String>;

/// Evaluates the expression of an `ifversion`/`elsif` tag (2021 dialect) or an
/// `if`/`elsif` tag (2020 `currentVersion` dialect).
pub fn eval(expr: &str, v: &Version) -> Eval {
    let tokens = tokenize(expr);
    let mut p = Parser {
        t: &tokens,
        i: 0,
        v,
    };
    let r = p.or()?;
    if p.i != tokens.len() {
        return Err(format!("unexpected `{}`", tokens[p.i]));
    }
    Ok(r)
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = expr.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' || c == '\'' {
            chars.next();
            let mut s = String::from('"');
            for c2 in chars.by_ref() {
                if c2 == c {
                    break;
                }
                s.push(c2);
            }
            out.push(s);
        } else if "<>=!".contains(c) {
            let mut s = String::new();
            while let Some(&c2) = chars.peek() {
                if "<>=!".contains(c2) {
                    s.push(c2);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(s);
        } else if c == '(' || c == ')' {
            out.push(c.to_string());
            chars.next();
        } else {
            let mut s = String::new();
            while let Some(&c2) = chars.peek() {
                if c2.is_whitespace() || "<>=!()\"'".contains(c2) {
                    break;
                }
                s.push(c2);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

struct Parser<'a> {
    t: &'a [String],
    i: usize,
    v: &'a Version,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.t.get(self.i).map(String::as_str)
    }

    fn next(&mut self) -> Option<&str> {
        let t = self.t.get(self.i).map(String::as_str);
        self.i += 1;
        t
    }

    fn or(&mut self) -> Eval {
        let mut r = self.and()?;
        while self.peek() == Some("or") {
            self.i += 1;
            let rhs = self.and()?;
            r = r || rhs;
        }
        Ok(r)
    }

    fn and(&mut self) -> Eval {
        let mut r = self.not()?;
        while self.peek() == Some("and") {
            self.i += 1;
            let rhs = self.not()?;
            r = r && rhs;
        }
        Ok(r)
    }

    fn not(&mut self) -> Eval {
        if self.peek() == Some("not") {
            self.i += 1;
            return Ok(!self.not()?);
        }
        if self.peek() == Some("(") {
            self.i += 1;
            let r = self.or()?;
            if self.next() != Some(")") {
                return Err("unbalanced parenthesis".into());
            }
            return Ok(r);
        }
        self.atom()
    }

    fn atom(&mut self) -> Eval {
        let Some(first) = self.next().map(str::to_string) else {
            return Err("missing condition".into());
        };
        match first.as_str() {
            "currentVersion" => self.current_version(),
            "enterpriseServerVersions" => {
                // `enterpriseServerVersions contains currentVersion`
                if self.next() == Some("contains") && self.next() == Some("currentVersion") {
                    Ok(self.v.plan == "ghes")
                } else {
                    Err("unsupported use of `enterpriseServerVersions`".into())
                }
            }
            plan if plan
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                let plan = canonical_plan(plan).to_string();
                if !PLANS.contains(&plan.as_str()) {
                    return Err(format!("unknown version `{plan}`"));
                }
                let op = match self.peek() {
                    Some(op @ ("<" | ">" | "<=" | ">=" | "=" | "==" | "!=")) => op.to_string(),
                    _ => return Ok(self.v.plan == plan),
                };
                self.i += 1;
                let rel = self
                    .next()
                    .and_then(parse_release)
                    .ok_or_else(|| format!("`{plan} {op}` needs a release number"))?;
                Ok(self.v.plan == plan && self.v.release.is_some_and(|r| compare(r, &op, rel)))
            }
            other => Err(format!("unknown condition `{other}`")),
        }
    }

    /// `currentVersion == "x"`, `!=`, `ver_gt`, `ver_lt`.
    fn current_version(&mut self) -> Eval {
        let op = self
            .next()
            .ok_or("`currentVersion` without a comparison")?
            .to_string();
        let lit = self.next().ok_or("`currentVersion` without a value")?;
        let lit = lit.trim_start_matches('"');
        let other = Version::parse(lit).ok_or_else(|| format!("unreadable version `{lit}`"))?;
        let same_plan = other.plan == self.v.plan;
        let op = match op.as_str() {
            "==" => "==",
            "!=" => "!=",
            "ver_gt" => ">",
            "ver_lt" => "<",
            _ => return Err(format!("unknown comparison `{op}`")),
        };
        Ok(match (op, other.release, self.v.release) {
            ("==", None, _) => same_plan,
            ("!=", None, _) => !same_plan,
            (_, Some(r), Some(mine)) if same_plan => compare(mine, op, r),
            ("!=", Some(_), _) => true,
            _ => false,
        })
    }
}

fn compare(a: (u32, u32), op: &str, b: (u32, u32)) -> bool {
    match op {
        "<" => a < b,
        ">" => a > b,
        "<=" => a <= b,
        ">=" => a >= b,
        "!=" => a != b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn dialect_2021() {
        assert_eq!(eval("fpt or ghes > 2.22", &v("fpt")), Ok(true));
        assert_eq!(eval("fpt or ghes > 2.22", &v("ghes-3.0")), Ok(true));
        assert_eq!(eval("fpt or ghes > 2.22", &v("ghes-2.22")), Ok(false));
        assert_eq!(eval("not ghae", &v("ghae")), Ok(false));
        assert_eq!(eval("ghes > 3.0", &v("ghes-3.1")), Ok(true));
        assert_eq!(eval("ghes < 3.0", &v("fpt")), Ok(false));
        assert!(eval("fpt or", &v("fpt")).is_err());
        assert!(eval("fpt or ghxx", &v("fpt")).is_err());
        assert!(Version::parse("bad").is_none());
    }

    #[test]
    fn dialect_2020() {
        let fpt = v("free-pro-team@latest");
        assert_eq!(fpt, v("fpt"));
        assert_eq!(v("enterprise-server@3.1"), v("ghes-3.1"));
        assert!(Version::parse("enterprise-server@x").is_none());
        assert_eq!(
            eval(r#"currentVersion == "free-pro-team@latest""#, &fpt),
            Ok(true)
        );
        assert_eq!(
            eval(
                r#"currentVersion ver_gt "enterprise-server@2.22""#,
                &v("ghes-3.0")
            ),
            Ok(true)
        );
        assert_eq!(
            eval(r#"currentVersion ver_gt "enterprise-server@2.22""#, &fpt),
            Ok(false)
        );
        assert_eq!(
            eval(r#"currentVersion != "github-ae@latest""#, &v("ghae")),
            Ok(false)
        );
        assert_eq!(
            eval(
                "enterpriseServerVersions contains currentVersion",
                &v("ghes-3.1")
            ),
            Ok(true)
        );
        assert!(eval(r#"currentVersion ver_gt "[email protected]""#, &fpt).is_err());
    }

    #[test]
    fn payload_dirs() {
        assert!(v("fpt").payload_dirs().contains(&"dotcom".to_string()));
        assert_eq!(v("ghes-3.1").payload_dirs()[0], "ghes-3.1");
    }
}
