//! A strict reader for the XML that secl writes: elements, attributes in
//! double quotes, text, the five XML entities and numeric references,
//! comments and a DOCTYPE. Anything malformed panics.

#![allow(dead_code)]

/// An element.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A numeric attribute (0 when absent).
    pub fn number(&self, name: &str) -> f64 {
        self.attr(name).map_or(0.0, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}=\"{v}\" is not a number"))
        })
    }

    /// Every element below this one, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut all = Vec::new();
        for child in &self.children {
            if let Node::Element(e) = child {
                all.push(e);
                all.extend(e.descendants());
            }
        }
        all
    }

    /// The text inside, whitespace collapsed.
    pub fn text(&self) -> String {
        let mut text = String::new();
        self.collect_text(&mut text);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Parses a document with one root element.
pub fn parse(document: &str) -> Element {
    let mut stack = vec![Element::default()];
    let mut rest = document;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").expect("a comment ends");
            rest = &r[end + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            assert_eq!(stack.len(), 1, "a DOCTYPE only before the root");
            let end = r.find('>').expect("a DOCTYPE ends");
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("<?") {
            let end = r.find("?>").expect("a declaration ends");
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').expect("a closing tag ends");
            let element = stack.pop().expect("an open element");
            assert_eq!(element.name, r[..end].trim(), "mismatched closing tag");
            assert!(!stack.is_empty(), "`</{}>` closes nothing", element.name);
            stack
                .last_mut()
                .unwrap()
                .children
                .push(Node::Element(element));
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let (element, closed, after) = open_tag(r);
            if closed {
                stack
                    .last_mut()
                    .unwrap()
                    .children
                    .push(Node::Element(element));
            } else {
                stack.push(element);
            }
            rest = after;
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = unescape(&rest[..end]);
            assert!(
                stack.len() > 1 || text.trim().is_empty(),
                "text outside the root: {text:?}"
            );
            stack.last_mut().unwrap().children.push(Node::Text(text));
            rest = &rest[end..];
        }
    }
    assert_eq!(
        stack.len(),
        1,
        "unclosed `<{}>`",
        stack.last().unwrap().name
    );
    let mut roots = stack
        .pop()
        .unwrap()
        .children
        .into_iter()
        .filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        });
    let root = roots.next().expect("a root element");
    assert!(roots.next().is_none(), "one root element");
    root
}

/// `name attr="value" …>` or `…/>`: the element, whether it closed
/// itself, and the rest of the document.
fn open_tag(text: &str) -> (Element, bool, &str) {
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .expect("a tag ends");
    let name = &text[..name_end];
    assert!(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == ':'),
        "bad tag name {name:?}"
    );
    let mut element = Element {
        name: name.to_string(),
        ..Element::default()
    };
    let mut rest = &text[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("/>") {
            return (element, true, r);
        }
        if let Some(r) = rest.strip_prefix('>') {
            return (element, false, r);
        }
        let eq = rest.find('=').expect("an attribute has a value");
        let attr = rest[..eq].trim();
        assert!(
            !attr.is_empty()
                && attr
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_:".contains(c)),
            "bad attribute name {attr:?} in <{name}>"
        );
        let value = rest[eq + 1..]
            .strip_prefix('"')
            .expect("attribute values are quoted");
        let end = value.find('"').expect("an attribute value ends");
        assert!(!value[..end].contains('<'), "`<` in an attribute");
        assert!(
            element.attr(attr).is_none(),
            "attribute {attr} twice in <{name}>"
        );
        element
            .attrs
            .push((attr.to_string(), unescape(&value[..end])));
        rest = &value[end + 1..];
    }
}

/// Text with its entities replaced; a bare `&` or an unknown entity panics.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').expect("an entity ends with `;`") + amp;
        let entity = &rest[amp + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = entity
                    .strip_prefix("#x")
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(|dec| dec.parse()))
                    .unwrap_or_else(|| panic!("unknown entity &{entity};"))
                    .expect("a numeric reference");
                char::from_u32(code).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
