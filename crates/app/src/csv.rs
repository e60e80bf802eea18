//! Just enough CSV (RFC 4180, as Ruby's CSV reads and writes it) for the contacts import and
//! export: comma-separated fields, `"`-quoted fields with `""` for a quote, line breaks inside
//! quotes. An empty unquoted field reads as `None` (Ruby's nil), a quoted one as `""`.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Malformed CSV: {0} (line {1})")]
pub struct CsvError(pub &'static str, pub usize);

pub type Row = Vec<Option<String>>;

/// Every non-blank record of `text`.
pub fn parse(text: &str) -> Result<Vec<Row>, CsvError> {
    let mut rows = Vec::new();
    let mut row: Row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    let end_field = |row: &mut Row, field: &mut String, quoted: &mut bool| {
        let value = std::mem::take(field);
        row.push(if value.is_empty() && !*quoted {
            None
        } else {
            Some(value)
        });
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    in_quotes = false;
                    if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                        return Err(CsvError("Any value after quoted field isn't allowed", line));
                    }
                }
                other => {
                    if other == '\n' {
                        line += 1;
                    }
                    field.push(other);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
            }
            '"' => return Err(CsvError("Illegal quoting", line)),
            ',' => end_field(&mut row, &mut field, &mut quoted),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_field(&mut row, &mut field, &mut quoted);
                if !(row.len() == 1 && row[0].is_none()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
                line += 1;
            }
            other => field.push(other),
        }
    }
    if in_quotes {
        return Err(CsvError("Unclosed quoted field", line));
    }
    if !field.is_empty() || quoted || !row.is_empty() {
        end_field(&mut row, &mut field, &mut quoted);
        rows.push(row);
    }
    Ok(rows)
}

/// One record, quoting fields that need it, ending in "\n".
pub fn write_row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn reads_quotes_blanks_and_line_breaks() {
        let rows = parse("name,email\r\n\"Doe, \"\"J\"\"\",\n\nx,\"a\nb\"\n").unwrap();
        assert_eq!(
            rows,
            vec![
                vec![s("name"), s("email")],
                vec![s("Doe, \"J\""), None],
                vec![s("x"), s("a\nb")],
            ]
        );
        assert_eq!(parse("a,\"\"").unwrap(), vec![vec![s("a"), s("")]]);
    }

    #[test]
    fn refuses_malformed_quoting() {
        assert!(parse("a\"b,c\n").is_err());
        assert!(parse("\"open,c\n").is_err());
        assert!(parse("\"a\"b,c\n").is_err());
    }

    #[test]
    fn writes_what_it_reads() {
        let mut out = String::new();
        write_row(
            &mut out,
            &["a,b".into(), "say \"hi\"".into(), "plain".into()],
        );
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",plain\n");
        assert_eq!(
            parse(&out).unwrap(),
            vec![vec![s("a,b"), s("say \"hi\""), s("plain")]]
        );
    }
}
