"""Text a program wrote, pasted into the chat: compiler, linker and build output, crash
dumps, protocol lines, tool and service messages, identifiers, hashes and paths.

Why a module of its own: ``bot.nlu.junk`` recognises code by its syntax (``&&``,
``obj.method(``, braces). Tool *output* has little syntax: it is English words
framed by a program's conventions, "main.c:12:5: error: …", "curl: (7) Failed to
connect …", "HTTP/1.1 502 Bad Gateway", "Cache-Control: no-cache". The classifier
reads such lines as out-of-scope questions or even as requests ("failed", "refund"
in a log line), so the frame decides.

Every shape below is a frame customers do not type around a request: a file name
with a line number, a program name followed by ``: error``, a protocol version, a
header name, a SCREAMING_SNAKE identifier, an errno name, a banner of stars. A
customer quoting one error code inside a sentence ("I get 0x80073CF9 when I
download") is left to the classifier: codes count only with another machine sign.
"""
from __future__ import annotations

import re

# One of these alone marks machine output (case-sensitive: programs are).
_FRAMES = re.compile(
    r"(?:^|\s)\.{0,2}/?[\w./-]*\w\.[A-Za-z]\w{0,5}:\d+(?::\d+)?:?\s"        # main.c:12:5: / Main.java:7: error
    r"|\w\.\w{1,6}:\(\.\w+\+0x[0-9a-f]+\)"                          # main.c:(.text+0x1e):
    r"|\b(?:error|warning)\[[A-Z]+\d+\]"                              # rustc: error[E0308]
    r"|\b(?:error|warning|fatal error) [A-Z]{1,4}\d{3,5}\s*:"          # error LNK2019: / error CS1002:
    r"|^\w+\[\d+\]: "                                                 # systemd[1]: / sshd[812]:
    r"|\bundefined reference to\b|\bsymbol\(s\) not found\b|\bUndefined symbols for architecture\b"
    r"|\bunresolved externals?\b|\bmultiple definition of `|\bduplicate symbol\b"
    r"|\blibrary not found for -l|\bcannot find -l\w|\brelocation R_\w+|/usr/bin/ld\b|\bld(?:\.lld)?: "
    r"|\blinker command failed\b|\bld returned \d+ exit status\b|\bcollect2\b"
    r"|^goroutine \d+ \[|\[signal SIG[A-Z]+\b|\bstack smashing detected\b|\bdouble free detected\b"
    r"|^\*{2,3} [a-z]|\*{8,}|@{3,}|-{6,}|={6,}"                         # banners and rules
    r"|^> Task :|^\[(?:INFO|ERROR|WARNING|WARN|DEBUG)\] |\bBUILD (?:FAILURE|FAILED|SUCCESSFUL)\b"
    r"|\bCMake (?:Error|Warning)\b|^-- (?:Configuring|Generating|Build files|No entries)"
    r"|\bnpm ERR!|\bERR_[A-Z_]+\b|^Compiling [\w-]+ v\d|\bMSBUILD\b|\berror NU\d{4}\b"
    r"|\bCould not build wheels\b|\bFailed to execute goal\b"
    r"|\bReading package lists\b|\bBuilding dependency tree\b|^(?:Hit|Get|Ign|Err):\d+ \S"    # installers
    r"|^(?:Setting up|Unpacking|Preparing to unpack|Selecting previously unselected) \S"
    r"|^Processing triggers for\b|\bFetched [\d,.]+ [kMG]B in\b|^Collecting [\w.-]+|^Downloading \S+ \("
    r"|^Installing collected packages:|^(?:added|removed|changed) \d+ packages?\b|^Resolving dependencies\b"
    r"|\[\s*[=#]{3,}>?\s*\]|\d+%\|[█▉▊▋▌▍▎▏ ]+\||\b\d+(?:\.\d+)? ?[kMG]i?B/s\b|\.{3} ?(?:Done|OK)\b"
    r"|\bHTTP/\d(?:\.\d)?\b"                                          # protocol lines
    r"|^(?:Host|Content-(?:Type|Length|Encoding|Disposition)|Cache-Control|Set-Cookie|Cookie|User-Agent"
    r"|Accept(?:-[A-Z][a-z]+)?|Authorization|Location|Server|Connection|ETag|Vary|Referer|Origin|Pragma"
    r"|Access-Control-[\w-]+|Strict-Transport-Security|X-[A-Z][\w-]*): \S"  # a header line
    r"|\bBearer [\w-]{12,}\.|\beyJ[\w-]{8,}\."                          # tokens
    r"|\bAH\d{5}:"
    r"|^curl: \(\d+\)|^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d--"
    r"|\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d\b"                          # a log time with seconds
    r"|^PING \S+ \(|\bbytes of data\b|\bDestination host unreachable\b|^Reply from \d|\bNXDOMAIN\b"
    r"|^\s*\d{1,2}\s+(?:\*\s+){2}\*\s*$|\bttl=\d+|\bicmp_seq="           # traceroute, ping
    r"|\bPermission denied \(publickey|^CONFLICT \(|\bfailed to push some refs\b|\bREMOTE HOST IDENTIFICATION\b"
    r"|\bError response from daemon\b|\bDocker daemon\b|\bCrashLoopBackOff\b|\bImagePullBackOff\b"
    r"|\bError from server \(|^The connection to the server \S+ was refused"
    r"|^PLAY RECAP\b|^TASK \[|^Job for \S+\.service\b|^\s*Active: \w+ \(|\.service\b"
    r"|\bHRESULT\b|\bSTOP(?: CODE)?: |\bFaulting (?:application|module)\b|\bEvent ID: \d+"
    r"|\bis not recognized as an internal or external command\b|\[WinError \d+\]|^HKEY_|\bHKLM\\"
    r"|%[A-Z][A-Z_]+%\\|\bexited with code \(?0x"
    r"|\bORA-\d{5}\b|^Msg \d+, Level \d+|\bSQLITE_[A-Z]+\b|\brelation \"[^\"]+\" does not exist\b"
    r"|\bviolates (?:unique|foreign key|not-null|check) constraint\b|^ERROR:\s"
    r"|\bE(?:CONNREFUSED|CONNRESET|TIMEDOUT|NOENT|ACCES|ADDRINUSE|PIPE|NOTFOUND|PERM)\b"
    r"|\b[A-Z][a-z]+(?:[A-Z][a-z]+)+(?:Warning|Error|Exception)\b"      # UnhandledPromiseRejectionWarning
    r"|\b[A-Z]{2,}(?:_[A-Z][A-Z0-9]*)+\b|\bE_[A-Z]{4,}\b"              # CRITICAL_PROCESS_DIED, E_ACCESSDENIED
    r"|^\s*(?:export\s+)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*=\S"              # NODE_ENV=production
    r"|\\[bdswBDSW][+*?)\\]|\^\\s|\.\*\$"                               # regular expressions
    r"|^#{2,6} \w|~~\w[^~]*~~"                                         # markdown headings, strike
    r"|^\s*[a-z]+(?:[-_][a-z]+)+\s*=\s*\S|^\[[A-Za-z][\w .-]*\]\s*(?:$|\w+=)"  # config lines, INI sections
    r"|\S\t+\S+\t+\S|^(?:ba|z|fi|k|c|tc|da)?sh: |^(?:PS )?[A-Z]:\\[^>]*>"      # tab columns, shells, prompts
    r"|\b(?:eiusmod|incididunt|labore|reprehenderit|voluptate|consectetur|adipiscing|fugiat|pariatur"
    r"|exercitation|ullamco|laboris|aliquip|commodo|consequat|excepteur|occaecat|cupidatat|proident"
    r"|deserunt|mollit|laborum)\b"                                      # lorem ipsum, any part of it
    r"|[²³⁴θπ]\s*[+\-*/=]|\b(?:sin|cos|tan|log|ln)[²³]"                  # formulas
    r"|^[VDIWEF]/[\w.$-]+\(\s*\d+\):"                                  # Android logcat
    r"|^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|^diff --git |^(?:\+\+\+|---) [ab]/|^index [0-9a-f]{7,}\.\."  # diffs
    r"|\b1\. ?(?:[KQRBN]?[a-h]x?[1-8]|O-O)\b.*\b2\. ?(?:[KQRBN]?[a-h]x?[1-8]|O-O)\b"  # chess moves
    r"|^\s*(?:def|class|fn|func|function|public|private|static|import|package|using|#include|#define)\s+[\w<>.]+"
    r"\s*[(:{;<]"                                                         # a definition or an import
    r"|^[A-Za-z]:\\[^\n]*\\|[↑↓←→]{3,}"                                  # a Windows path, arrow codes
    r"|(?:\b[A-G][#b]?(?:m|maj|min|dim|aug|sus)?\d{0,2}\b[\s|/-]+){5,}"     # chord progressions
    r"|(?i:(?:\b(?:alpha|alfa|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliet|kilo|lima|mike"
    r"|november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|x-?ray|yankee|zulu)\b\W*){4,})",  # NATO
    re.MULTILINE,
)
# The whole message is one machine token: a hash, a UUID, base64, a path, an address.
_TOKEN_ONLY = re.compile(
    r"\s*(?:(?:sha\d+|md5):)?[0-9a-f]{24,}"                             # hashes
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"      # UUID
    r"|(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{16,}={0,2}"  # base64
    r"|(?:~|%\w+%|/[\w.-]+)(?:[/\\][\w.+-]+){1,}[/\\]?"                  # /var/log/x.log, ~/.ssh/id
    r"|\[[0-9a-f:]+\](?::\d+)?"                                        # [::1]:5000
    r"|(?=.*[A-Za-z])[\w.-]+(?:,\"?[\w. ]+\"?){3,}\s*",                  # a CSV row
    re.IGNORECASE,
)
# A program's name, a colon and its complaint: "curl: (7) Failed to connect", "collect2: error:",
# "git@github.com: Permission denied". Only without a question or a person speaking, since
# "payment: failed, what now?" or "Xbox: cannot sign in, can you help me" is a customer.
_TOOL_SAYS = re.compile(
    r"^[\w.@+-]+(?:\[\d+\])?: (?:\(\d+\) )?(?:error|warning|fatal|cannot|unable|failed|Failed|Error"
    r"|Permission denied|connect to|Could not|Started|Stopped|Unable|Cannot)\b"
    r"|^(?:Error|ERROR|Warning|Fatal|FATAL)\s*: "
    r"|\b[45]\d\d\b.*\b(?:nginx|openresty|cloudflare)\b|\bHTTP Error \d{3}\b"
    r"|\b(?:Internal Server Error|Bad Gateway|Gateway Time-?out|Service Unavailable)\b"  # error pages
    r"|\bThe server encountered\b|\bwas not found on this server\b|\bunable to complete your request\b",
    re.MULTILINE)
_PERSON = re.compile(r"\?|\b(?:i|i'm|me|my|we|our|you|pls|please|help|toi|tôi|minh|mình|em|anh|chi|chị|giup|giúp)\b",
                     re.IGNORECASE)
# Customers' own ids and keys, which a list of values must not be mistaken for.
_ANSWER_KEYS = re.compile(r"\s*(?:ord(?:er)?|itm|item|ppb|don|đơn|#)", re.IGNORECASE)


# Dictation commands typed out by voice input ("… comma … period new line"): two different
# ones, or "new line", mean the words around them were dictated noise, not a request.
_DICTATION = re.compile(r"\b(?:comma|period|full stop|new line|new paragraph|question mark|exclamation (?:mark|point)"
                        r"|dấu phẩy|dau phay|dấu chấm|dau cham|xuống dòng|xuong dong|chấm hỏi|cham hoi)\b",
                        re.IGNORECASE)
# Symbols no sentence needs, several of them and no letter: "4$%^8 22 ## 0.0.0 -- ++ 17/".
_ODD_SYMBOL = re.compile(r"[%^&*~|<>{}\[\]\\_]|#(?!\d)")


def is_dictated_noise(text: str) -> bool:
    cues = {m.group(0).lower() for m in _DICTATION.finditer(text)}
    return len(cues) >= 2 or any(c in ("new line", "xuống dòng", "xuong dong") for c in cues)


def is_repeated_phrase(text: str) -> bool:
    """Only a phrase of two or more words, said three or more times ("văn bản giữ chỗ văn bản giữ chỗ …")."""
    words = text.lower().split()
    for size in range(2, len(words) // 3 + 1):
        phrase = words[:size]
        if len(words) % size == 0 and all(words[i:i + size] == phrase for i in range(0, len(words), size)):
            return True  # the whole message is the phrase again and again; a request after it is kept
    return False


def is_symbol_mash(text: str) -> bool:
    return not re.search(r"[^\W\d_]", text) and len(_ODD_SYMBOL.findall(text)) >= 3


def is_machine_output(text: str) -> bool:
    """True when ``text`` is framed as a program's output (see the module docstring)."""
    if _FRAMES.search(text) or is_dictated_noise(text) or is_symbol_mash(text) or is_repeated_phrase(text):
        return True
    if _TOOL_SAYS.search(text) and not _PERSON.search(text):
        return True
    return bool(_TOKEN_ONLY.fullmatch(text)) and not _ANSWER_KEYS.match(text)
