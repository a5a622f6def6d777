//! A conservative scan of Ruby source without a tree: the string literals, comments and
//! heredocs a file holds, each literal with the names it may stand under (pair keys,
//! called methods, `h['key'] =` targets). The tree-free security scan asks its rules,
//! token by token, whether one needs the tree; a file none needs is never parsed.
//!
//! Conservative means: every string literal tree-sitter would see is visited, with at
//! least the keys the tree would give it (a key stays open until its bracket closes, a
//! comma ends it only when no block could hold that comma, a newline only at the top
//! level after a complete operand). Whatever the scan cannot read with certainty
//! (`__END__`, an ambiguous `/`, `%` or `?`, unbalanced brackets, deep nesting) ends it
//! with "needs the tree".

/// What the scan meets, in source order.
#[derive(Debug)]
pub enum Token<'s, 'a> {
    /// A string literal (`'…'`, `"…"`, `%q(…)`, `%Q[…]`, `%(…)`).
    Literal(&'a Literal<'s, 'a>),
    /// A comment, `#` included (or a `=begin`…`=end` block).
    Comment(&'s str),
    /// A key of a pair directly inside a top-level `{…}` (a hash or a block), as soon as
    /// it is read: what tells whether the hash may be a connector.
    RootKey(&'s str),
}

#[derive(Debug)]
pub struct Literal<'s, 'a> {
    /// Everything between the delimiters.
    pub text: &'s str,
    /// The text before the first interpolation or escape: what the tree reads as an
    /// interpolated string's value.
    pub head: &'s str,
    /// The text between interpolations (escapes included).
    pub segments: &'a [&'s str],
    /// Followed by `=>` or `:`: the literal is a pair's key, and to the tree its own
    /// innermost key.
    pub is_key: bool,
    keys: &'a [Key<'s>],
}

impl<'s> Literal<'s, '_> {
    /// The names open around the literal, outermost first: a superset of the pair keys
    /// the tree puts around it, the method it is an argument of, and the index key of
    /// an `h['key'] =` it is assigned to.
    pub fn keys(&self) -> impl Iterator<Item = &'s str> + '_ {
        let own = self.is_key.then_some(self.text);
        self.keys.iter().map(|k| k.name).chain(own)
    }
}

/// Where the pairs of a file's root hash start, as the scan read them: what lets the
/// tree-free scan parse only the pairs a token needs the tree for. A map, not a proof:
/// whoever parses by it checks that each piece parsed as one whole pair.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// The root hash's `{` and `}`.
    pub open: usize,
    pub close: usize,
    pub pairs: Vec<OutlinePair>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct OutlinePair {
    /// Where its key starts; the pair runs to the next pair's start (its comma and the
    /// comments after it included) or to the root's `}`.
    pub start: usize,
    /// When its value is a `{…}` hash: that hash's outline.
    pub hash: Option<Box<Outline>>,
}

/// Why a scan ended before the end of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The visitor asked for the tree.
    Asked,
    /// The scan could not read something with certainty.
    Unsure(&'static str),
}

/// Scans `src`, calling `visit` with each token and the byte offset it starts at, until
/// it returns `true` (the tree is needed). `Ok(())`: the whole file was read and no token needed the tree.
pub fn scan<'s>(
    src: &'s str,
    mut visit: impl FnMut(usize, &Token<'s, '_>) -> bool,
) -> Result<(), Stop> {
    run(src, |at, _, token| visit(at, token), false).map(|_| ())
}

/// [`scan`], and the outline of the file's root hash when its code is one hash (nothing
/// but comments before its `{` and after its `}`). `visit` also gets where the outline's
/// latest pair starts: a token at or after it is in that pair, or between pairs.
pub fn scan_outlined<'s>(
    src: &'s str,
    visit: impl FnMut(usize, usize, &Token<'s, '_>) -> bool,
) -> Result<Option<Outline>, Stop> {
    run(src, visit, true)
}

fn run<'s>(
    src: &'s str,
    mut visit: impl FnMut(usize, usize, &Token<'s, '_>) -> bool,
    outlined: bool,
) -> Result<Option<Outline>, Stop> {
    let mut lexer = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        frames: Vec::new(),
        keys: Vec::new(),
        prev: Prev::Start,
        prev_text: "",
        last_index_literal: None,
        segments: Vec::new(),
        in_root: false,
        root_key: None,
        outline: (outlined && starts_with_hash(src)).then(Outline::default),
        roots: 0,
        piece: 0,
        visit: &mut visit,
    };
    lexer.code(false)?;
    if !lexer.frames.is_empty() {
        return Err(Stop::Unsure("unclosed bracket"));
    }
    Ok(lexer
        .outline
        .filter(|o| lexer.roots == 1 && only_trivia(&src.as_bytes()[o.close + 1..])))
}

/// Whether the first code of `src` is a `{`: a file that may be one hash.
pub fn starts_with_hash(src: &str) -> bool {
    let bytes = src.as_bytes();
    bytes.get(skip_trivia(bytes)) == Some(&b'{')
}

/// Blank space and `#` comments only (from a line's start or after code), or a BOM.
fn only_trivia(bytes: &[u8]) -> bool {
    skip_trivia(bytes) == bytes.len()
}

/// Where the first code of `bytes` may start: past a byte-order mark, blank space and
/// `#` comments.
fn skip_trivia(bytes: &[u8]) -> usize {
    let mut i = if bytes.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' => i = memchr_newline(bytes, i),
            _ => break,
        }
    }
    i
}

/// Nesting deeper than this (brackets and interpolations) is left to the tree.
const MAX_DEPTH: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    /// Start of file or of a statement (after a newline or `;`).
    Start,
    /// A value ends here: a `/` or `%` after it is an operator.
    Operand,
    /// An identifier that may be a method taking a command argument.
    Ident,
    /// An operator, `(`, `,`, a label or a keyword: a value may start.
    Operator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyKind {
    /// `key:` or `key =>`: ends at a comma of its own depth unless a block opened.
    Pair,
    /// A call's name (`f(`, `f 'x'`) or an index assignment's key: never ends at a comma.
    Call,
}

#[derive(Clone, Copy, Debug)]
pub struct Key<'s> {
    name: &'s str,
    depth: usize,
    kind: KeyKind,
    /// A block (`do`, `|`, `->`, `case` …) opened at the key's depth since it did: a
    /// comma there may be a block's, not the pair's end.
    blocked: bool,
}

struct Lexer<'s, 'v> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
    /// Open brackets: `(`, `[`, `{`, or `#` for an interpolation's `#{`.
    frames: Vec<u8>,
    keys: Vec<Key<'s>>,
    prev: Prev,
    /// The text of the previous token when it may be a key (`name`, `'name'`, `:name`).
    prev_text: &'s str,
    /// The last literal inside the `[…]` just closed (`h['X-Api-Key'] = …`).
    last_index_literal: Option<&'s str>,
    segments: Vec<&'s str>,
    /// A top-level `{` is open.
    in_root: bool,
    /// A key of its own pairs, read and not yet visited.
    root_key: Option<&'s str>,
    /// The root hash's outline while it may be one (see [`scan_outlined`]).
    outline: Option<Outline>,
    /// Top-level `{` met: an outline needs exactly one.
    roots: usize,
    /// Where the outline's latest pair starts.
    piece: usize,
    visit: &'v mut dyn FnMut(usize, usize, &Token<'s, '_>) -> bool,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Keywords after which a value starts (a `/` there begins a regex).
const VALUE_KEYWORDS: &[&str] = &[
    "and", "begin", "case", "do", "else", "elsif", "ensure", "if", "in", "not", "or", "rescue",
    "return", "then", "unless", "until", "when", "while", "yield",
];

/// Keywords after a name that end its arguments or open its block: not a command's
/// argument.
const COMMAND_ENDS: &[&str] = &[
    "and", "do", "end", "if", "or", "rescue", "then", "unless", "until", "while",
];

/// Keywords that open a block whose commas (`|a, b|`, `when 1, 2`) are not a pair's.
const BLOCK_KEYWORDS: &[&str] = &[
    "begin", "case", "class", "def", "do", "for", "if", "lambda", "module", "proc", "unless",
    "until", "while",
];

impl<'s> Lexer<'s, '_> {
    fn peek(&self, offset: usize) -> u8 {
        self.bytes.get(self.pos + offset).copied().unwrap_or(0)
    }

    fn emit(&mut self, at: usize, token: &Token<'s, '_>) -> Result<(), Stop> {
        if (self.visit)(at, self.piece, token) {
            Err(Stop::Asked)
        } else {
            Ok(())
        }
    }

    fn depth(&self) -> usize {
        self.frames.len()
    }

    fn open_key(&mut self, name: &'s str, kind: KeyKind) {
        let depth = self.depth();
        if depth == 1 && kind == KeyKind::Pair && self.in_root {
            self.root_key = Some(name);
        }
        self.keys.push(Key {
            name,
            depth,
            kind,
            blocked: false,
        });
    }

    /// The hashes an outline maps: the root (depth 1) and a root pair's hash value
    /// (depth 2), while only `{` frames are open.
    fn outline_hash(&mut self) -> Option<&mut Outline> {
        let depth = self.depth();
        let only_braces = self.frames.iter().all(|&f| f == b'{');
        let single = self.roots == 1;
        let root = self.outline.as_mut().filter(|_| only_braces && single)?;
        match depth {
            1 => Some(root),
            2 => root
                .pairs
                .last_mut()?
                .hash
                .as_deref_mut()
                .filter(|h| h.close == 0),
            _ => None,
        }
    }

    /// A key that starts its line: the pairs of a connector's hashes do, and the keys
    /// that are no pair of theirs (`|c, source:|`, a command's `x, a: 1`) seldom do.
    fn outline_key(&mut self, start: usize) {
        let line = &self.bytes[..start];
        let indent = line
            .iter()
            .rev()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if !matches!(
            line.len().checked_sub(indent + 1).map(|i| line[i]),
            None | Some(b'\n')
        ) {
            return;
        }
        if let Some(hash) = self.outline_hash() {
            hash.pairs.push(OutlinePair { start, hash: None });
            self.piece = start;
        }
    }

    /// At a `{`, before its frame is pushed.
    fn outline_open(&mut self) {
        let at = self.pos;
        let value = self.prev == Prev::Operator;
        match self.depth() {
            0 if self.roots == 1 => {
                if let Some(root) = self.outline.as_mut() {
                    root.open = at;
                }
            }
            1 if value => {
                if let Some(pair) = self.outline_hash().and_then(|r| r.pairs.last_mut()) {
                    if pair.hash.is_none() {
                        pair.hash = Some(Box::new(Outline {
                            open: at,
                            ..Outline::default()
                        }));
                    }
                }
            }
            _ => {}
        }
    }

    /// At a `}`, after its frame is popped.
    fn outline_close(&mut self) {
        let (at, depth) = (self.pos, self.depth());
        let Some(root) = self.outline.as_mut().filter(|_| self.roots == 1) else {
            return;
        };
        match depth {
            0 => root.close = at,
            1 => {
                if let Some(hash) = root.pairs.last_mut().and_then(|p| p.hash.as_deref_mut()) {
                    if hash.close == 0 {
                        hash.close = at;
                    }
                }
            }
            _ => {}
        }
    }

    /// Where the token whose text is `text` starts: before its quote and symbol colon.
    fn token_start(&self, text: &'s str) -> usize {
        let mut start = text.as_ptr() as usize - self.src.as_ptr() as usize;
        if start > 0 && matches!(self.bytes[start - 1], b'\'' | b'"') {
            start -= 1;
        }
        if start > 0 && self.bytes[start - 1] == b':' {
            start -= 1;
        }
        start
    }

    fn block_opened(&mut self) {
        let depth = self.depth();
        for key in self.keys.iter_mut().rev() {
            if key.depth < depth {
                break;
            }
            key.blocked = true;
        }
    }

    fn push_frame(&mut self, open: u8) -> Result<(), Stop> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(Stop::Unsure("nesting too deep"));
        }
        self.frames.push(open);
        Ok(())
    }

    fn pop_frame(&mut self, close: u8) -> Result<(), Stop> {
        let expected = match close {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        match self.frames.pop() {
            Some(open) if open == expected || close == b'}' && open == b'#' => {}
            _ => return Err(Stop::Unsure("unbalanced brackets")),
        }
        let depth = self.depth();
        self.keys.retain(|k| k.depth <= depth);
        Ok(())
    }

    /// Where the next code after the newline at `self.pos` starts, past blank lines and
    /// comment lines (a chain may continue after a comment: `x\n  # why\n  .y`).
    fn next_code_at(&self) -> usize {
        let mut i = self.pos + 1;
        while let Some(&b) = self.bytes.get(i) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => i = memchr_newline(self.bytes, i),
                _ => return i,
            }
        }
        i
    }

    fn next_code_byte(&self) -> Option<u8> {
        self.bytes.get(self.next_code_at()).copied()
    }

    /// At a newline after a complete operand the statement ends, as tree-sitter-ruby's
    /// scanner decides, unless the next line starts with `.` or `&` (a chain), and with
    /// it the top-level keys no block keeps open. Inside brackets a newline may be no
    /// statement's end: a `/` or `%` starting the next line is left to the tree.
    fn newline(&mut self) -> Result<(), Stop> {
        if !matches!(self.prev, Prev::Operand | Prev::Ident) {
            return Ok(());
        }
        let next = self.next_code_byte();
        let chain = match next {
            Some(b'&') => true,
            Some(b'.') => self.bytes.get(self.next_code_at() + 1) != Some(&b'.'),
            _ => false,
        };
        if chain {
            return Ok(());
        }
        let statements = matches!(self.frames.last(), None | Some(b'#'));
        if !statements && matches!(next, Some(b'/' | b'%' | b'?')) {
            return Err(Stop::Unsure(
                "`/`, `%` or `?` starting a line inside brackets",
            ));
        }
        if self.depth() == 0 {
            self.keys.retain(|k| k.blocked);
        }
        self.prev = Prev::Start;
        Ok(())
    }

    /// Reads code until the end of the file, or (inside an interpolation) until the `}`
    /// that closes it.
    fn code(&mut self, interpolation: bool) -> Result<(), Stop> {
        let base = self.depth();
        let mut line_start = true;
        while self.pos < self.bytes.len() {
            if let Some(key) = self.root_key.take() {
                self.emit(self.pos, &Token::RootKey(key))?;
            }
            let b = self.bytes[self.pos];
            let at_line_start = line_start;
            line_start = false;
            // The text a `=>` makes a key is the previous token's only.
            let key_text = if matches!(b, b' ' | b'\t' | b'\r' | 0x0c) {
                self.prev_text
            } else {
                std::mem::take(&mut self.prev_text)
            };
            match b {
                b' ' | b'\t' | b'\r' | 0x0c => self.pos += 1,
                b'\n' => {
                    self.newline()?;
                    self.pos += 1;
                    line_start = true;
                }
                b'\\' if self.peek(1) == b'\n' => self.pos += 2,
                b'\\' if self.peek(1) == b'\r' && self.peek(2) == b'\n' => self.pos += 3,
                b'#' => {
                    let (at, end) = (self.pos, memchr_newline(self.bytes, self.pos));
                    self.pos = end;
                    self.emit(at, &Token::Comment(&self.src[at..end]))?;
                }
                b'=' if at_line_start && self.bytes[self.pos..].starts_with(b"=begin") => {
                    self.block_comment()?;
                }
                b'_' if at_line_start && self.at_end_marker() => {
                    return Err(Stop::Unsure("__END__ data"));
                }
                b'\'' => {
                    self.pos += 1;
                    self.string(b'\'', 0, false, true)?;
                }
                b'"' => {
                    self.pos += 1;
                    self.string(b'"', 0, true, true)?;
                }
                b'`' => {
                    self.pos += 1;
                    self.string(b'`', 0, true, false)?;
                }
                b'%' => self.percent()?,
                b'/' => self.slash()?,
                b'?' => self.question()?,
                b':' => self.colon()?,
                b'$' => self.global(),
                b'@' => {
                    self.pos += 1;
                    while is_ident(self.peek(0)) || self.peek(0) == b'@' {
                        self.pos += 1;
                    }
                    self.prev = Prev::Operand;
                }
                b'0'..=b'9' => {
                    while is_ident(self.peek(0))
                        || self.peek(0) == b'.' && self.peek(1).is_ascii_digit()
                    {
                        self.pos += 1;
                    }
                    self.prev = Prev::Operand;
                }
                b'(' | b'[' => {
                    if b == b'[' {
                        self.last_index_literal = None;
                    }
                    self.push_frame(b)?;
                    self.pos += 1;
                    self.prev = Prev::Operator;
                }
                b'{' => {
                    // Any top-level brace: the tree's error recovery may make a root
                    // statement of a hash that follows broken code.
                    if self.depth() == 0 {
                        self.in_root = true;
                        self.roots += 1;
                    }
                    self.outline_open();
                    self.push_frame(b'{')?;
                    self.pos += 1;
                    self.prev = Prev::Operator;
                }
                b'}' if interpolation && self.depth() == base => {
                    self.pos += 1;
                    return Ok(());
                }
                b')' | b']' | b'}' => {
                    self.pop_frame(b)?;
                    if b == b'}' {
                        self.outline_close();
                    }
                    if self.depth() == 0 {
                        self.in_root = false;
                    }
                    self.pos += 1;
                    self.prev = Prev::Operand;
                }
                b',' => {
                    let depth = self.depth();
                    self.keys
                        .retain(|k| k.depth != depth || k.kind != KeyKind::Pair || k.blocked);
                    self.pos += 1;
                    self.prev = Prev::Operator;
                }
                b';' => {
                    self.pos += 1;
                    self.prev = Prev::Start;
                }
                b'|' => {
                    self.block_opened();
                    self.pos += 1;
                    self.prev = Prev::Operator;
                }
                b'=' => self.equals(key_text),
                b'<' if self.peek(1) == b'<' => self.shovel()?,
                b'-' if self.peek(1) == b'>' => {
                    self.block_opened();
                    self.pos += 2;
                    self.prev = Prev::Operator;
                }
                b'.' => {
                    self.pos += 1;
                    while self.peek(0) == b'.' {
                        self.pos += 1;
                    }
                    // A method name after `.` is never a keyword.
                    let start = self.pos;
                    while matches!(self.peek(0), b' ' | b'\t') {
                        self.pos += 1;
                    }
                    if is_ident_start(self.peek(0)) {
                        self.identifier(true)?;
                    } else {
                        self.pos = start;
                        self.prev = Prev::Operator;
                    }
                }
                _ if is_ident_start(b) => self.identifier(false)?,
                _ => {
                    self.pos += 1;
                    self.prev = Prev::Operator;
                }
            }
        }
        if interpolation {
            return Err(Stop::Unsure("unclosed interpolation"));
        }
        Ok(())
    }

    fn at_end_marker(&self) -> bool {
        let rest = &self.bytes[self.pos..];
        rest.starts_with(b"__END__") && matches!(rest.get(7), None | Some(b'\n' | b'\r'))
    }

    fn block_comment(&mut self) -> Result<(), Stop> {
        let start = self.pos;
        let mut line = self.pos;
        loop {
            let end = memchr_newline(self.bytes, line);
            if end >= self.bytes.len() {
                return Err(Stop::Unsure("unclosed =begin"));
            }
            line = end + 1;
            if self.bytes[line..].starts_with(b"=end") {
                let end = memchr_newline(self.bytes, line);
                self.pos = end;
                return self.emit(start, &Token::Comment(&self.src[start..end]));
            }
        }
    }

    /// `=`, `==`, `===`, `=~`, `=>`: a key before `=>`, an index key before `=`.
    fn equals(&mut self, key_text: &'s str) {
        let next = self.peek(1);
        if next == b'>' {
            if !key_text.is_empty() {
                self.outline_key(self.token_start(key_text));
                self.open_key(key_text, KeyKind::Pair);
            }
            self.pos += 2;
            self.prev = Prev::Operator;
        } else if next == b'=' || next == b'~' {
            self.pos += 2;
            self.prev = Prev::Operator;
        } else {
            if let Some(key) = self.last_index_literal.take() {
                if self.prev == Prev::Operand {
                    self.open_key(key, KeyKind::Call);
                }
            }
            self.pos += 1;
            self.prev = Prev::Operator;
        }
    }

    /// `<<`: a heredoc (`<<~ID`, `<<-ID`, `<<ID`, `<<'ID'`) or an operator.
    fn shovel(&mut self) -> Result<(), Stop> {
        let after = self.peek(2);
        let heredoc = match after {
            b'~' | b'-' => {
                let c = self.peek(3);
                is_ident_start(c) || matches!(c, b'\'' | b'"' | b'`')
            }
            b'\'' | b'"' | b'`' => true,
            _ => after.is_ascii_uppercase() || after == b'_',
        };
        if heredoc {
            // The body is read by the tree (and the credential rules read every body).
            return Err(Stop::Unsure("heredoc"));
        }
        self.pos += 2;
        self.prev = Prev::Operator;
        Ok(())
    }

    fn identifier(&mut self, after_dot: bool) -> Result<(), Stop> {
        let start = self.pos;
        while is_ident(self.peek(0)) {
            self.pos += 1;
        }
        // `empty?`, `save!`, and the label `show?:`; not `x != y`.
        if matches!(self.peek(0), b'?' | b'!') && self.peek(1) != b'=' {
            self.pos += 1;
        }
        let name = &self.src[start..self.pos];
        // A label: `name:` (not `name::`).
        if self.peek(0) == b':' && self.peek(1) != b':' {
            self.outline_key(start);
            self.open_key(name, KeyKind::Pair);
            self.pos += 1;
            self.prev = Prev::Operator;
            self.prev_text = "";
            return Ok(());
        }
        if !after_dot {
            if name == "def" {
                return self.method_definition();
            }
            if BLOCK_KEYWORDS.contains(&name) {
                self.block_opened();
            }
            if name == "end" {
                self.prev = Prev::Operand;
                self.prev_text = "";
                return Ok(());
            }
            if VALUE_KEYWORDS.contains(&name) || BLOCK_KEYWORDS.contains(&name) {
                self.prev = Prev::Operator;
                self.prev_text = "";
                return Ok(());
            }
        }
        // `name(`: a call whose arguments stand under its name; `name 'x'`: a command.
        match self.peek(0) {
            b'(' => self.open_key(name, KeyKind::Call),
            b' ' | b'\t' => {
                let mut i = self.pos;
                while matches!(self.bytes.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                let next = self.bytes.get(i).copied().unwrap_or(b'\n');
                let next2 = self.bytes.get(i + 1).copied().unwrap_or(b'\n');
                // `describe Client do`, `x if y`: a keyword is no argument.
                let word_end = self.bytes[i..]
                    .iter()
                    .position(|&b| !is_ident(b))
                    .map_or(self.bytes.len(), |n| i + n);
                let keyword = COMMAND_ENDS.contains(&&self.src[i..word_end]);
                let operator = matches!(
                    next,
                    b'\n' | b'\r' | b'#' | b')' | b']' | b'}' | b',' | b';' | b'.'
                ) || matches!(
                    next,
                    b'=' | b'<'
                        | b'>'
                        | b'|'
                        | b'&'
                        | b'+'
                        | b'-'
                        | b'*'
                        | b'/'
                        | b'%'
                        | b'^'
                        | b'?'
                        | b'!'
                ) && matches!(next2, b' ' | b'=' | b'\n')
                    || next == b'=' && next2 == b'>'
                    || keyword;
                if !operator {
                    // Its arguments run to the end of the line, commas included: a
                    // pair before it does not end at them.
                    self.block_opened();
                    self.open_key(name, KeyKind::Call);
                }
            }
            _ => {}
        }
        self.prev = Prev::Ident;
        self.prev_text = name;
        Ok(())
    }

    /// After `def`: the method's name may be an operator (`def /(x)`, ``def `(cmd)``).
    fn method_definition(&mut self) -> Result<(), Stop> {
        while matches!(self.peek(0), b' ' | b'\t') {
            self.pos += 1;
        }
        // `def self.name`, `def obj.name`
        let mut start = self.pos;
        while is_ident(self.peek(0)) {
            self.pos += 1;
        }
        if self.peek(0) == b'.' {
            self.pos += 1;
            start = self.pos;
        } else {
            self.pos = start;
        }
        if is_ident_start(self.peek(0)) {
            while is_ident(self.peek(0)) {
                self.pos += 1;
            }
            if matches!(self.peek(0), b'?' | b'!' | b'=') && self.peek(1) != b'=' {
                self.pos += 1;
            }
        } else {
            while is_operator_byte(self.peek(0)) {
                self.pos += 1;
            }
            if self.pos == start {
                return Err(Stop::Unsure("unreadable method name"));
            }
        }
        self.block_opened();
        self.prev = Prev::Operand;
        self.prev_text = "";
        Ok(())
    }

    /// `:name`, `:"name"`, `::`, or a ternary's `:`.
    fn colon(&mut self) -> Result<(), Stop> {
        let next = self.peek(1);
        if next == b':' {
            self.pos += 2;
            self.prev = Prev::Operator;
            return Ok(());
        }
        if next == b'"' || next == b'\'' {
            self.pos += 2;
            // A quoted symbol is no string to the tree; its text may be a key.
            return self.string(next, 0, next == b'"', false);
        }
        if is_ident_start(next) && self.prev != Prev::Operand {
            self.pos += 1;
            let start = self.pos;
            while is_ident(self.peek(0)) {
                self.pos += 1;
            }
            if matches!(self.peek(0), b'?' | b'!' | b'=')
                && !matches!(self.peek(1), b'=' | b'>' | b'~')
            {
                self.pos += 1;
            }
            self.prev = Prev::Operand;
            self.prev_text = &self.src[start..self.pos];
            if self.frames.last() == Some(&b'[') {
                self.last_index_literal = Some(self.prev_text);
            }
            return Ok(());
        }
        if self.prev != Prev::Operand && next != b']' && next != b'@' && is_operator_byte(next) {
            // An operator symbol (`:+`, `:[]`, `:<=>`, ``:` ``).
            self.pos += 1;
            while is_operator_byte(self.peek(0)) {
                self.pos += 1;
            }
            self.prev = Prev::Operand;
            return Ok(());
        }
        self.pos += 1;
        self.prev = Prev::Operator;
        Ok(())
    }

    /// `$name`, `$1`, and the punctuation globals (`$'`, `$"`, `$/`).
    fn global(&mut self) {
        self.pos += 1;
        let next = self.peek(0);
        if is_ident_start(next) || next.is_ascii_digit() {
            while is_ident(self.peek(0)) {
                self.pos += 1;
            }
        } else if next == b'-' {
            self.pos += 2;
        } else if next != 0 && next != b'\n' {
            self.pos += 1;
        }
        self.prev = Prev::Operand;
        self.prev_text = "";
    }

    /// `?a` (a character), or a ternary's `?`.
    fn question(&mut self) -> Result<(), Stop> {
        let next = self.peek(1);
        if matches!(next, b' ' | b'\t' | b'\n' | b'\r' | 0) {
            self.pos += 1;
            self.prev = Prev::Operator;
            return Ok(());
        }
        let special = matches!(
            next,
            b'\'' | b'"' | b'`' | b'%' | b'/' | b'#' | b'<' | b':' | b'?' | b'\\' | b'$' | b'@'
        );
        if matches!(self.prev, Prev::Operand | Prev::Ident) {
            if special {
                return Err(Stop::Unsure("`?` before a quote"));
            }
            self.pos += 1;
            self.prev = Prev::Operator;
            return Ok(());
        }
        // A character literal: `?a`, `?\n`, `?'` — unless a word follows (`?abc` is
        // not Ruby; read it as a ternary's `?`).
        if next == b'\\' {
            self.pos += 3;
            while is_ident(self.peek(0)) && self.pos < self.bytes.len() {
                self.pos += 1;
            }
        } else if is_ident(next) && is_ident(self.peek(2)) {
            self.pos += 1;
            self.prev = Prev::Operator;
            return Ok(());
        } else {
            let width = self.src[self.pos + 1..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            self.pos += 1 + width;
        }
        self.prev = Prev::Operand;
        Ok(())
    }

    /// `/`: a regex where a value starts, else division.
    fn slash(&mut self) -> Result<(), Stop> {
        let next = self.peek(1);
        let regex = match self.prev {
            Prev::Start | Prev::Operator => true,
            Prev::Operand => false,
            // `x / y` and `x/y` divide; `f /re/` passes a regex.
            Prev::Ident => {
                let spaced_before =
                    self.pos > 0 && matches!(self.bytes[self.pos - 1], b' ' | b'\t');
                if !spaced_before || matches!(next, b' ' | b'=') {
                    false
                } else {
                    return Err(Stop::Unsure("`/` after a name"));
                }
            }
        };
        if !regex {
            self.pos += 1;
            self.prev = Prev::Operator;
            return Ok(());
        }
        self.pos += 1;
        self.string(b'/', 0, true, false)?;
        while self.peek(0).is_ascii_alphabetic() {
            self.pos += 1;
        }
        Ok(())
    }

    /// `%q(…)`, `%w[…]`, `%r{…}` … or the modulo operator.
    fn percent(&mut self) -> Result<(), Stop> {
        let next = self.peek(1);
        let (kind, delim_at) = if matches!(
            next,
            b'q' | b'Q' | b'w' | b'W' | b'i' | b'I' | b'r' | b's' | b'x'
        ) && !is_ident(self.peek(2))
            && !matches!(self.peek(2), b' ' | b'\t' | b'\n' | b'\r' | b'=' | 0)
        {
            (next, 2)
        } else if !is_ident(next) && !matches!(next, b' ' | b'\t' | b'\n' | b'\r' | b'=' | 0) {
            (b'Q', 1)
        } else {
            if matches!(self.prev, Prev::Start | Prev::Operator)
                && !matches!(next, b' ' | b'\t' | b'\n' | b'=')
            {
                return Err(Stop::Unsure("`%` where a value starts"));
            }
            self.pos += 1;
            self.prev = Prev::Operator;
            return Ok(());
        };
        match self.prev {
            Prev::Operand => {
                self.pos += 1;
                self.prev = Prev::Operator;
                return Ok(());
            }
            // `mo%q(x)` and `foo %w[a]` are literals to tree-sitter, `x %(y)` may be
            // either.
            Prev::Ident => return Err(Stop::Unsure("`%` after a name")),
            _ => {}
        }
        let open = self.peek(delim_at);
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            b'<' => b'>',
            _ => open,
        };
        let nest = if close != open { open } else { 0 };
        self.pos += delim_at + 1;
        let interpolates = matches!(kind, b'Q' | b'W' | b'I' | b'r' | b'x');
        let is_string = matches!(kind, b'q' | b'Q');
        self.string(close, nest, interpolates, is_string)
    }

    /// Reads a delimited literal after its opening delimiter, up to `close` (nesting on
    /// `nest` when it is a bracket); interpolations are read as code. A string (not a
    /// regex, word list, symbol or command) is visited.
    fn string(
        &mut self,
        close: u8,
        nest: u8,
        interpolates: bool,
        is_string: bool,
    ) -> Result<(), Stop> {
        let content_start = self.pos;
        let mut segment_start = self.pos;
        let mut first_break: Option<usize> = None;
        let mut level = 0usize;
        let mut segments: Vec<&'s str> = std::mem::take(&mut self.segments);
        segments.clear();
        let end = loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(Stop::Unsure("unclosed literal"));
            };
            if b == b'\\' {
                first_break.get_or_insert(self.pos);
                self.pos += 2;
                continue;
            }
            if nest != 0 && b == nest {
                level += 1;
            } else if b == close {
                if level == 0 {
                    break self.pos;
                }
                level -= 1;
            } else if interpolates && b == b'#' {
                match self.peek(1) {
                    b'{' => {
                        first_break.get_or_insert(self.pos);
                        segments.push(&self.src[segment_start..self.pos]);
                        self.pos += 2;
                        self.interpolation()?;
                        segment_start = self.pos;
                        continue;
                    }
                    b'@' | b'$' => {
                        first_break.get_or_insert(self.pos);
                    }
                    _ => {}
                }
            }
            self.pos += 1;
        };
        self.pos = end + 1;
        let text = &self.src[content_start..end];
        segments.push(&self.src[segment_start..end]);
        if is_string {
            let rest = &self.bytes[self.pos..];
            let after = rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t'))
                .unwrap_or(0);
            let label = matches!(close, b'"' | b'\'')
                && rest.first() == Some(&b':')
                && rest.get(1) != Some(&b':');
            let literal = Literal {
                text,
                head: &self.src[content_start..first_break.unwrap_or(end)],
                segments: &segments,
                is_key: label || rest[after..].starts_with(b"=>"),
                keys: &self.keys,
            };
            let asked = (self.visit)(content_start, self.piece, &Token::Literal(&literal));
            self.segments = segments;
            if asked {
                return Err(Stop::Asked);
            }
            if self.frames.last() == Some(&b'[') {
                self.last_index_literal = Some(text);
            }
            // `"api_key": value`: a string label.
            if label {
                self.outline_key(content_start - 1);
                self.open_key(text, KeyKind::Pair);
                self.pos += 1;
                self.prev = Prev::Operator;
                return Ok(());
            }
        } else {
            self.segments = segments;
        }
        self.prev = Prev::Operand;
        self.prev_text = text;
        Ok(())
    }

    /// The code of a `#{…}` up to its `}`.
    fn interpolation(&mut self) -> Result<(), Stop> {
        self.push_frame(b'#')?;
        let prev = (self.prev, self.prev_text);
        self.prev = Prev::Start;
        self.code(true)?;
        self.frames.pop();
        let depth = self.depth();
        self.keys.retain(|k| k.depth <= depth);
        (self.prev, self.prev_text) = prev;
        Ok(())
    }
}

/// A byte of an operator method's name (`def <=>(o)`, `:[]=`, ``def `(cmd)``).
fn is_operator_byte(b: u8) -> bool {
    b"+-*/%<>=!~^&|[]`@".contains(&b)
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each literal's text and keys, or why the scan stopped.
    fn literals(src: &str) -> Result<Vec<(String, Vec<String>)>, Stop> {
        let mut out = Vec::new();
        scan(src, |_, token| {
            if let Token::Literal(l) = token {
                out.push((l.text.to_owned(), l.keys().map(str::to_owned).collect()));
            }
            false
        })?;
        Ok(out)
    }

    fn keys_of(src: &str, text: &str) -> Vec<String> {
        let found = literals(src).unwrap();
        let (_, keys) = found
            .iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("`{text}` not seen in {found:?}"));
        keys.clone()
    }

    #[test]
    fn pair_keys_open_until_their_bracket_or_comma() {
        let src = "{ a: 'x', b: { c: \"y#{z}w\" }, 'd' => 'v' }";
        assert_eq!(keys_of(src, "x"), ["a"]);
        assert_eq!(keys_of(src, "y#{z}w"), ["b", "c"]);
        // A pair's key string is its own innermost key to the tree.
        assert_eq!(keys_of(src, "d"), ["d"]);
        assert_eq!(keys_of(src, "v"), ["d"]);
        assert_eq!(keys_of("{ \"api_key\": 'v' }", "api_key"), ["api_key"]);
    }

    #[test]
    fn keys_the_tree_may_give_survive_blocks_commands_and_chains() {
        let block = "{ secret: lambda do |a, b|\n 'v'\n end, b: 1 }";
        assert_eq!(keys_of(block, "v"), ["secret"]);
        let command = "{ key: foo 'a', 'b' }";
        assert!(keys_of(command, "b").contains(&"key".to_owned()));
        let chain = "foo token: x\n  # why\n  .fetch('v')\n";
        assert!(keys_of(chain, "v").contains(&"token".to_owned()));
        assert!(keys_of("basic_auth 'u', 'p'\n", "p").contains(&"basic_auth".to_owned()));
        assert!(keys_of("h['X-Api-Key'] = 'v'\n", "v").contains(&"X-Api-Key".to_owned()));
        assert!(keys_of("x.password('v')", "v").contains(&"password".to_owned()));
        // A statement that ended takes its keys along.
        assert_eq!(keys_of("foo password: x\nbar 'v'\n", "v"), ["bar"]);
    }

    #[test]
    fn strings_are_told_from_what_looks_like_them() {
        let src = "x = a / 2 / b\ny = $' + ?' + 'q'\n# it's a comment\ndef /(o)\n 'r'\nend\nz = [%w[s t], %q(u (v) w)]\n:'sym'\n`cmd`;\n/re'x/";
        let texts: Vec<String> = literals(src).unwrap().into_iter().map(|(t, _)| t).collect();
        assert_eq!(texts, ["q", "r", "u (v) w"]);
        let lit = |src: &str| {
            let mut seen = None;
            scan(src, |_, t| {
                if let Token::Literal(l) = t {
                    seen = Some((
                        l.head.to_owned(),
                        l.segments.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    ));
                }
                false
            })
            .unwrap();
            seen.unwrap()
        };
        assert_eq!(
            lit("\"ab\\ncd#{x}ef\""),
            ("ab".to_owned(), vec!["ab\\ncd".to_owned(), "ef".to_owned()])
        );
    }

    #[test]
    fn what_only_the_tree_can_read_stops_the_scan() {
        for src in [
            "x = <<~EOS\n'a'\nEOS\n",
            "foo /re/",
            "foo %w[a]",
            "x ?'a':'b'",
            "{ a: 1",
            "a)",
            "'unclosed",
            "x = 1\n__END__\n'a'",
            "=begin\n'a'\n",
            "[x\n/re/]",
        ] {
            assert!(
                matches!(scan(src, |_, _| false), Err(Stop::Unsure(_))),
                "{src:?}"
            );
        }
        assert!(scan("x = a / b\ny = 'a' % 2\n", |_, _| false).is_ok());
        // A statement's end, as tree-sitter-ruby ends one: a regex or percent literal
        // may start the next line; a chain continues it.
        assert_eq!(
            keys_of("x\n/re'/\n%w(a')\n'v'\n", "v"),
            Vec::<String>::new()
        );
        assert_eq!(keys_of("{ show?: false, 'k' => 1 }", "k"), ["k"]);
    }

    #[test]
    fn top_level_hashes_report_their_own_keys() {
        let mut roots = Vec::new();
        scan(
            "# c\n{\n  title: 'T',\n  actions: { a: { b: 1 } }\n}\nfoo { |x| x }\nbar(c: { d: 1 })\n",
            |_, t| {
                if let Token::RootKey(key) = t {
                    roots.push(key.to_string());
                }
                false
            },
        )
        .unwrap();
        assert_eq!(roots, ["title", "actions"]);
    }

    #[test]
    fn a_visitor_that_asks_stops_the_scan() {
        let mut seen = 0;
        let asked = scan("'a'\n'b'\n'c'\n", |at, _| {
            seen += 1;
            at == 5
        });
        assert_eq!((asked, seen), (Err(Stop::Asked), 2));
    }
}
