//! A unified diff of two texts, line by line (longest common subsequence
//! between the first and last difference), with three lines of context. Pure.

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Above this many line pairs the middle is shown as all removed, then all added.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same,
    Del,
    Add,
}

/// The unified diff of `old` and `new` (`--- old_name`, `+++ new_name`, hunks);
/// "" when they are equal.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = script(&a, &b);
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    // Positions (in ops) of changes, grouped into hunks whose contexts touch.
    let changed: Vec<usize> = (0..ops.len()).filter(|&i| ops[i] != Op::Same).collect();
    let mut start = 0;
    while start < changed.len() {
        let mut end = start;
        while end + 1 < changed.len() && changed[end + 1] - changed[end] <= 2 * CONTEXT {
            end += 1;
        }
        let from = changed[start].saturating_sub(CONTEXT);
        let to = (changed[end] + CONTEXT + 1).min(ops.len());
        out.push_str(&hunk(&ops, &a, &b, from, to));
        start = end + 1;
    }
    out
}

/// The edit script from `a` to `b`.
fn script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops = vec![Op::Same; prefix];
    if ma.len().saturating_mul(mb.len()) > MAX_CELLS {
        ops.extend(std::iter::repeat_n(Op::Del, ma.len()));
        ops.extend(std::iter::repeat_n(Op::Add, mb.len()));
    } else {
        ops.extend(lcs_script(ma, mb));
    }
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
    ops
}

fn lcs_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    // lengths[i][j]: LCS length of a[i..] and b[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if a[i] == b[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lengths[at(i + 1, j)] >= lengths[at(i, j + 1)]) {
            ops.push(Op::Del);
            i += 1;
        } else {
            ops.push(Op::Add);
            j += 1;
        }
    }
    ops
}

/// One hunk covering `ops[from..to]`.
fn hunk(ops: &[Op], a: &[&str], b: &[&str], from: usize, to: usize) -> String {
    // Line numbers in a and b where ops[from] starts.
    let dels = ops[..from].iter().filter(|o| **o != Op::Add).count();
    let adds = ops[..from].iter().filter(|o| **o != Op::Del).count();
    let (mut i, mut j) = (dels, adds);
    let mut body = String::new();
    for op in &ops[from..to] {
        match op {
            Op::Same => {
                body.push_str(&format!(" {}\n", a[i]));
                i += 1;
                j += 1;
            }
            Op::Del => {
                body.push_str(&format!("-{}\n", a[i]));
                i += 1;
            }
            Op::Add => {
                body.push_str(&format!("+{}\n", b[j]));
                j += 1;
            }
        }
    }
    let range = |start: usize, len: usize| {
        if len == 0 {
            format!("{start},0")
        } else {
            format!("{},{len}", start + 1)
        }
    };
    format!(
        "@@ -{} +{} @@\n{body}",
        range(dels, i - dels),
        range(adds, j - adds)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\nb\n", "a\nb\n", "x", "y"), "");
    }

    #[test]
    fn a_changed_line_gets_context_and_line_numbers() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified(old, new, "live", "after"),
            "--- live\n+++ after\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn distant_changes_make_two_hunks_and_additions_count() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new = old
            .replacen("1\n2\n", "1\ntwo\n", 1)
            .replacen("18\n", "18\nnew\n", 1);
        let diff = unified(&old, &new, "a", "b");
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{diff}");
        assert!(diff.contains("+new\n"), "{diff}");
        assert_eq!(
            unified("", "a\n", "a", "b"),
            "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n"
        );
    }
}
