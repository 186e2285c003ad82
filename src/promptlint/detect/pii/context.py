"""When is a name (or an address, or a date) someone's personal data?

A name in a statement about the world ("What field did Marie Curie excel in?") is not
a customer's personal data; a name that comes with personal context is. promptlint
accepts a person name only with one of these cues, all within the same line or
sentence:

1. **self-introduction or signature**: "my name is X", "I'm X", "this is X", "X here",
   "Regards,\\nX";
2. **being addressed**: "Hi X", "Dear X", "Thanks X", "X, your order…";
3. **a field that holds a person**: "Name: X", "Customer: X", "From: X", "Cardholder: X";
4. **an interaction or relationship**: "email from X", "meeting with X", "assigned to X",
   "my wife X", "X's account";
5. **sitting next to contact or account data**: an email address, phone number, card,
   SSN, IBAN, street address, date of birth or ID number in the same line or sentence,
   or words such as "account", "order #", "phone", "address".

The same idea applies to the other context-dependent entities: a street address needs a
personal cue ("I live at", "ship to", "my address") and a date needs a birth cue ("date
of birth", "DOB", "born on"). Emails, phone numbers, cards, SSNs, IBANs and IP
addresses are personal data by themselves (unless they are placeholders).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from promptlint.regexhints import LazyPattern, normalise

# A name: 1-4 capitalised words (letters, apostrophes, hyphens; accents allowed). The
# letter classes cover Latin-1, Latin Extended-A/B (Ș, ț, ł, ğ), Latin Extended
# Additional (Vietnamese ễ, ọ), Greek and Cyrillic; in the extended blocks upper and
# lower case alternate, so both classes hold the whole block. A hyphenated part keeps
# its capital ("Okafor-Bellamy", "Jean-Luc"): the name is the whole word.
_UP = "A-ZÀ-ÖØ-ÞĀ-ɏΆ-ΫЀ-ЯḀ-ỿ"
_LOW = "a-zà-öø-ÿā-ɏά-ώа-џḀ-ỿ"
_PART = rf"[{_UP}][{_LOW}'’]+"
_WORD = rf"(?:{_PART}(?:-[{_UP}]?[{_LOW}'’]+)*|[A-Z]\.|[A-Z](?=[ \t]+[{_UP}][{_LOW}]))"
_TITLE = r"(?:(?i:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Sra|Herr|Frau|Mme|M)\.?[ \t]+)?"
_PARTICLE = r"(?:van|von|de|da|das|do|dos|del|della|der|di|du|la|le|bin|ibn|al|el|y)"
NAME = rf"{_TITLE}(?P<name>{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{0,3}})(?![\w])"
# Two to four words: a letter head's name line is a full name.
NAME2 = rf"{_TITLE}(?P<name>{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{1,3}})(?![\w])"
_CONTACT_LINE = (
    rf"[ \t>?*-]*(?:\d{{1,6}}[A-Za-z]?,?[ \t]+[{_UP}]|(?:Flat|Apt\.?|Apartment|Unit|Suite|PSC|CMR)[ \t]+\w|"
    rf"(?:Phone|Tel|Mobile|Cell|E-?mail|Address|Fax|USS|USNS|USNV|USCGC|PSC|CMR)\b)"
)
# A name slot written in lower case ("my name is ksenia obradović"): lower-case words,
# trimmed afterwards of the English words that follow the name (:func:`name_cues`).
_LWORD = rf"[{_LOW}][{_LOW}'’\-]+"
LOWER_NAME = rf"{_TITLE}(?P<name>{_LWORD}(?:[ \t]+(?:[{_LOW}]\.?[ \t]+)?{_LWORD}){{0,2}})(?![\w])"

_STRONG = [
    # self-introduction, signature
    (
        "intro",
        rf"\b(?:[Mm]y name is|[Mm]y name's|[Nn]ame is|I am|I'm|I’m|[Cc]alls? me|[Cc]alled me|[Ss]igned|[Yy]ours truly)"
        rf"[ \t,:]+{NAME}",
    ),
    ("intro", rf"\b(?:Hi|Hello|Hey|Good (?:morning|afternoon|evening))[ \t,!.]+(?:this is|it's|it’s)[ \t]+{NAME}"),
    (
        "intro",
        rf"\b(?:[Tt]his is|[Ii]t's|[Ii]t’s)[ \t]+{NAME}(?=[ \t]+(?:from|here|speaking|calling)\b|[ \t]*,[ \t]*(?:I|my)\b)",
    ),
    (
        "intro",
        rf"\b(?:[Tt]his is|[Ii]t's|[Ii]t’s)[ \t]+{_TITLE}(?P<name>{_WORD}[ \t]+{_WORD}(?:[ \t]+{_WORD})?)(?=[ \t]*[.!])",
    ),
    (
        "signature",
        rf"(?m)^[ \t]*(?:[Rr]egards|[Bb]est regards|[Kk]ind regards|[Tt]hanks|[Tt]hank you|[Cc]heers|[Ss]incerely|"
        rf"[Bb]est|[Ww]arm regards|[Yy]ours),?[ \t]*\r?\n[ \t]*(?:—|--|-)?[ \t]*{NAME}[ \t]*$",
    ),
    ("signature", rf"(?m)^[ \t]*(?:—|--)[ \t]*{NAME}[ \t]*$"),
    # being addressed
    (
        "address",
        rf"\b(?:Hi|Hello|Hey|Dear|Thanks|Thank you|Good morning|Good afternoon|Good evening|Welcome back|Sorry)"
        rf"[ \t,]+{NAME}",
    ),
    ("address", rf"(?m)^[ \t]*{NAME},[ \t]+(?:your|you|thanks|thank you|please)\b"),
    # fields that hold a person (the name is the whole field)
    (
        "field",
        rf"(?im)(?:^(?:[ \t]*[a-z]{{1,12}}:)?|[|,;(])[ \t]*(?:-[ \t]+)?(?:\*\*)?(?:full name|customer(?: name)?|client(?: name)?|"
        rf"patient(?: name)?|employee(?: name)?|contact(?: name| person)?|from|to|cc|bcc|recipient|sender|cardholder|"
        rf"card holder|account holder|applicant|guest|passenger|tenant|caller|user ?name|student|member|beneficiary|"
        rf"signatory|guardian|payee|buyer|holder|name on (?:the )?(?:account|card|booking|reservation|policy|ticket|order)|"
        rf"(?:billing|shipping|mailing|postal|delivery) address|ship to|deliver to|bill to|attn|attention|c/o)"
        rf"(?:\*\*)?[ \t]*[:=][ \t]*(?-i:{NAME})(?=[ \t]*(?:$|[|,;(<\[]|[ \t]-[ \t]|[.!?](?:\s|$)))",
    ),
    # the name given in answer to a question about it ("What's the name on the account? Me: X")
    (
        "field",
        rf"(?i:\bname(?:[ \t]+(?:on|of|in)[ \t]+(?:the|your)[ \t]+(?:account|card|booking|reservation|policy|order))?"
        rf"[ \t]*\?)[ \t]*(?:[A-Za-z]{{1,12}}:[ \t]*)?{NAME}",
    ),
    # a full name on the line above a street or contact line (a letter head, a label, a card)
    (
        "field",
        rf"(?m)^[ \t>?*-]*(?:[A-Za-z]{{1,12}}:[ \t]*)?[ \t>?*-]*{NAME2}[ \t]*,?[ \t]*(?=(?:\r?\n[ \t>?]*){{1,2}}"
        rf"{_CONTACT_LINE})",
    ),
    # someone's stated name ("The current user's name is: X")
    (
        "field",
        rf"\b(?:(?:[Tt]he[ \t]+)?(?:current[ \t]+)?(?:[Uu]ser|[Cc]ustomer|[Cc]lient|[Cc]aller|[Pp]atient|[Mm]ember|"
        rf"[Ee]mployee|[Gg]uest|[Ss]tudent)(?:'s|’s)|[Hh]is|[Hh]er|[Tt]heir|[Mm]y(?=[ \t]+(?:maiden|last|family|legal)))[ \t]+"
        rf"(?:full[ \t]+|first[ \t]+|last[ \t]+|middle[ \t]+|maiden[ \t]+|family[ \t]+|legal[ \t]+)?"
        rf"(?:name|surname)[ \t]+is[ \t,:]+{NAME}",
    ),
    # a bare "Name:" field (templates, projects and files use it too: judged in scan)
    (
        "namefield",
        rf"(?im)(?:^(?:[a-z]{{1,12}}:)?|[|,;(])[ \t]*(?:-[ \t]+)?(?:\*\*)?name(?:\*\*)?[ \t]*[:=][ \t]*(?-i:{NAME})"
        rf"(?=[ \t]*(?:$|[|,;(<\[]))",
    ),
    # someone's address or number given to someone
    (
        "relation",
        rf"\b(?:gave|given|sent|told|texted|emailed|mailed)[ \t]+{NAME}[ \t]+(?:his|her|their|my|our)[ \t]+"
        rf"(?:address|number|phone|email|details)",
    ),
    (
        "relation",
        rf"{NAME}[ \t]+(?:had[ \t]+|has[ \t]+)?(?:given|gave|sent)[ \t]+[^.\n]{{0,40}}?\b(?:his|her|their)[ \t]+"
        rf"(?:address|number|phone|email|details)",
    ),
    ("event", rf"{NAME}[ \t]+(?:lives|lived|is living|stays|moved)[ \t]+(?:on|at|to)\b"),
    # relationships and personal records
    (
        "relation",
        rf"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)[ \t]+(?:wife|husband|partner|son|daughter|mother|mom|mum|"
        rf"father|dad|brother|sister|friend|colleague|coworker|co-worker|boss|manager|neighbou?r|doctor|lawyer|landlord|"
        rf"tenant|child|kid|grandmother|grandfather|fiancée?|boyfriend|girlfriend|assistant|roommate)(?:'s)?,?[ \t]+{NAME}",
    ),
    # someone added to, or named on, an account or a record
    (
        "relation",
        rf"\b(?:[Aa]dd|[Aa]dding|[Aa]dded|[Nn]ame|[Nn]amed|[Ll]ist|[Pp]ut|[Rr]egister|[Ss]et)[ \t]+{NAME}[ \t]+as[ \t]+"
        rf"(?:(?:a|an|the|my|our|his|her|their)[ \t]+)?(?:(?:new|second|joint|primary|secondary|additional|legal)[ \t]+)?"
        rf"(?:beneficiary|guardian|co-?signer|co-?owner|authori[sz]ed user|(?:joint )?(?:account )?holder|trustee|"
        rf"executor|next of kin|emergency contact|dependa?e?nt|nominee|power of attorney|contact person|buyer|"
        rf"payee|recipient|driver|passenger|tenant|occupant)\b",
    ),
    (
        "relation",
        rf"\b(?:under|in)[ \t]+(?:(?:my|his|her|our|their|the)[ \t]+(?:[\w-]+(?:'s|’s)[ \t]+)?)?"
        rf"(?:full[ \t]+|maiden[ \t]+|legal[ \t]+)?name(?:[ \t]+of)?[ \t,:]+{NAME}",
    ),
    (
        "relation",
        rf"\b(?:[Ii]t's|[Ii]t’s|[Ii]t is|[Ii]t was|[Bb]ooked|[Rr]egistered|[Rr]eserved|[Ff]iled|[Ll]isted)"
        rf"[ \t]+under[ \t]+{NAME}",
    ),
    ("relation", rf"\b(?:[Nn]amed|[Cc]alled)[ \t]+(?:him|her|them|me|us|the baby|our son|our daughter)[ \t]+{NAME}"),
    (
        "relation",
        rf"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)[ \t]+(?:[\w-]+[ \t]+){{0,3}}"
        rf"(?:was|is|were|are)[ \t]+(?:called|named)[ \t]+{NAME}",
    ),
    (
        "relation",
        rf"\b[Nn]ame\b[^.!?\n]{{0,80}}?\b(?:correct|change|update|amend|fix|spell)(?:ed)?[ \t]+(?:it|this|that|the name)"
        rf"[ \t]+to[ \t]+{NAME}",
    ),
    (
        "relation",
        rf"{NAME}(?:'s|’s)[ \t]+(?:account|order|address|phone|number|email|card|balance|booking|reservation|"
        rf"appointment|ticket|file|record|profile|password|ssn|passport|license|licence|date of birth|birthday|salary)\b",
    ),
    # events in a private person's job or life
    (
        "event",
        rf"{NAME}[ \t]+(?:joined (?:as|the team|our|us)|joins us|will join|has joined|was hired|was promoted|"
        rf"is retiring|resigned|is on leave|is out sick|was diagnosed|was admitted|was discharged|signed up|complained)\b",
    ),
    ("event", rf"\b(?:[Ww]elcome|[Cc]ongratulate|[Cc]ongratulations to|[Ii]ntroducing|[Pp]lease welcome)[ \t]+{NAME}"),
]
_WEAK = [
    # a name a few lines above a street or contact line: a company's line looks the same
    (
        "role",
        rf"(?m)^[ \t>?*-]*(?:[A-Za-z]{{1,12}}:[ \t]*)?[ \t>?*-]*{NAME2}[ \t]*,?[ \t]*(?=\r?\n"
        rf"(?:[ \t>?]*[^\r\n\d]{{0,60}}\r?\n){{1,3}}[ \t>?*-]*{_CONTACT_LINE})",
    ),
    # interactions: a person, or a product ("requests with Nuclei", "send a request to Planner")
    (
        "interaction",
        rf"\b(?:email|e-mail|message|text|note|letter|reply|call|meeting|meet|chat|ticket|invoice|order|"
        rf"reservation|booking|appointment|interview|refund|complaint|request|feedback|review|report|claim|case|payment|"
        rf"delivery|shipment|parcel|package|label|confirmation)(?:s|ed)?[ \t]+(?:from|with|to|for|by|of)[ \t]+{NAME}",
    ),
    (
        "interaction",
        rf"\b(?:sent|shipped|delivered|issued|refunded|charged|billed|addressed|assigned|granted|mailed)"
        rf"[ \t]+to[ \t]+{NAME}",
    ),
    (
        "interaction",
        rf"\b(?:assigned to|cc'?d?|forward(?:ed)? to|reply to|sent by|signed by|written by|submitted by|"
        rf"requested by|on behalf of|ask|tell|contact|remind|invite|notify|email|text|ping|"
        rf"schedule (?:a )?(?:call|meeting) with|opened by|created by|reported by|raised by|filed by|handled by|owned by|"
        rf"approved by|placed by)[ \t]+{NAME}",
    ),
    # a person in a role ("the hiring manager is X", "escalate to X")
    (
        "role",
        rf"\b(?:manager|lead|owner|contact|recruiter|representative|rep|coordinator|director|supervisor|"
        rf"administrator|engineer|on-call|primary|secondary|author|maintainer|reviewer|approver|sponsor|ceo|cto|cfo|coo|"
        rf"founder|head of [a-z]+|account executive|case worker|caseworker|therapist|physician|nurse|agent)"
        rf"[ \t]*(?:is|was|:|=|,)[ \t]*{NAME}",
    ),
    (
        "role",
        rf"\b(?:[Ee]scalate|[Ff]orward|[Rr]oute|[Rr]efer|[Hh]and (?:it )?over|[Pp]age|[Ss]end it)[ \t]+"
        rf"(?:it[ \t]+|this[ \t]+)?to[ \t]+{NAME}",
    ),
    # addressed at the end of a clause ("I'm sorry about that, Dana."); an ellipsis trails off instead
    ("address", rf",[ \t]*{NAME}[ \t]*(?:[!?;:—–]|\.(?![.\w]))"),
    ("address", rf"(?m)^[ \t]*{NAME},[ \t]+(?:can|could|would|will|may|did|do|are|have|I)\b"),
    ("interaction", rf"\b(?:[Ff]ollow[ -]up|[Cc]heck in|[Cc]atch up)[ \t]+with[ \t]+{NAME}"),
    (
        "address",
        rf"\b(?:Sure|Of course|Okay|OK|Yes|No|Absolutely|Certainly|Right|Great|Well|Alright|Got it|Understood|"
        rf"Noted),[ \t]*{NAME}[ \t]*,",
    ),
]
# A "name" that ends like this is an organisation's ("orders for Contoso Outdoors").
ORG_WORDS = re.compile(
    r"(?i)\b(?:inc|llc|ltd|corp|corporation|company|co|gmbh|ag|plc|bank|university|college|institute|foundation|"
    r"group|labs?|team|department|hospital|clinic|school|agency|ministry|council|association|club|hotels?|airlines?|"
    r"outdoors|stores?|shop|app|cloud|systems|technologies|tech|software|studios?|media|foods|motors|energy|"
    r"logistics|solutions|services|partners|holdings|industries|travel|health|insurance|pay|support|analytics|"
    r"ventures|capital|networks|games|robotics|ai|crm|one|pro|plus)\b\.?$"
)

# Slots that hold a name even when it is written in lower case (kind ``lower``).
_LOWER_SLOTS = [
    rf"(?i:\bmy name is|\bmy name's|\b(?:everyone |people |they |friends )?calls? me|\bname on the account[ \t]*:|"
    rf"\b(?:last|first|full|sur)[ \t]*name[ \t]*(?:is|:|\?)|\bunder (?:my|the) name|"
    rf"\b(?:this is|i'm|i am)[ \t]+(?:mr|mrs|ms|dr)\.)[ \t,:]*(?:(?i:user|me|a):[ \t]*)?{LOWER_NAME}",
]

_KINDS = tuple(k for k, _ in _STRONG) + tuple(k for k, _ in _WEAK)


Cues = tuple[LazyPattern, ...]


@cache
def _cues() -> tuple[Cues, Cues, Cues]:
    """The strong, weak and lower-case name cues, each compiled the first time a text
    holds one of its literal hints (``my name is``, ``regards``, ``customer``…).

    Strong cues propose a name by themselves; weak cues only confirm a name the NER
    model found. Each cue spells out a name's Unicode letter classes, and compiling all
    of them took ~200 ms of CPU on every run that had any text to screen — most prompts
    hold the words of none or a few; the cues that start with the name itself have no
    hint and are always run.
    """
    return (
        tuple(LazyPattern.hinted(c) for _, c in _STRONG),
        tuple(LazyPattern.hinted(c) for _, c in _WEAK),
        tuple(LazyPattern.hinted(c) for c in _LOWER_SLOTS),
    )


def _live(cues: Cues, normalised: str) -> Iterator[LazyPattern]:
    return (cue for cue in cues if cue.may_occur(normalised))


# Words that make nearby names personal (contact and account context).
PERSONAL_WORDS = re.compile(
    r"(?i)\b(?:e-?mail(?:ed|[ \t]+address|[ \t]+me)|e-?mail:|phone|(?:mobile|cell)[ \t]+(?:number|phone)|tel[.:]|"
    r"texted|call[ \t]+me|text[ \t]+me|(?:home|street|mailing|shipping|billing|postal|my|her|his)[ \t]+address|"
    r"address:|(?:I|we|he|she|they|who)[ \t]+lives?[ \t]+(?:in|at)|lives[ \t]+(?:in|at)|"
    r"(?:my|her|his|their|customer'?s?)[ \t]+(?:account|card|order|booking|reservation|ticket|policy|"
    r"claim|subscription|invoice|balance)|account[ \t]*(?:number|#|no\b|id\b)|acct|order[ \t]*(?:#|no\.?|number)|"
    r"booking[ \t]*(?:#|reference|ref)|ticket[ \t]*#|policy[ \t]+number|member(?:ship)?[ \t]+id|customer[ \t]+id|"
    r"(?:credit|debit|bank)[ \t]+card|card[ \t]+(?:number|ending)|iban|ssn|social[ \t]+security|passport|"
    r"driver'?s?[ \t]+licen[cs]e|salary|diagnos\w*|prescription)\b"
)

# Personal cues for a street address, and birth cues for a date.
ADDRESS_CUES = re.compile(
    r"(?i)\b(?:I|my|me|our\s+(?:home|house|apartment|flat))\b|\b(?:live[sd]?|living|reside[sd]?|home|ship(?:ping|ped)?|"
    r"deliver(?:y|ed)?|send|sent|mail(?:ing)?|billing|postal|moved|residence|address)\b"
)
# ... unless the address is plainly an organisation's.
BUSINESS_ADDRESS = re.compile(
    r"(?i)\b(?:our|the company'?s?)\s+(?:[\w-]+\s+)?(?:warehouse|warehouses|office|offices|store|stores|shop|shops|"
    r"headquarters|hq|factory|branch|branches|showroom|depot|premises|studio|plant|returns?\s+(?:center|centre|department)|"
    r"(?:center|centre|department))\b|\b(?:headquarter(?:s|ed)|located|visit\s+us|our\s+address)\b|"
    r"\b(?:office|offices|headquarters|hq|warehouse|store|shop|branch|showroom|depot|restaurant|hotel|clinic)"
    r"\s+(?:is|are)\s+(?:at|on|in)\b"
)
BIRTH_CUES = re.compile(r"(?i)\b(?:date of birth|birth\s*date|birthdate|d\.?o\.?b\.?|born(?:\s+on)?|birthday)\b")
# A birth cue after the date: "1985-01-01 is my birthday", "22-nov-1972 (date of birth)".
BIRTH_CUES_AFTER = re.compile(
    r"(?i)[\s,:;(\-–—]*(?:(?:is|was|=)\s+)?(?:(?:my|his|her|their|the|our)\s+(?:\w+(?:'s|’s)?\s+)?)?"
    r"(?:date of birth|birth\s*date|birthdate|d\.?o\.?b\b|birthday|born)"
)

# Cheap screens: cues for the labelled and address entities (supersets of what is found).
_SCREEN_OTHER = re.compile(
    r"(?i:passport|travel[ \t]+doc|licen[cs]e|born|birth|\bdob\b|d\.o\.b|iban|\b[A-Z]{2}\d{2}[ ]?[A-Z0-9]{4})|"
    r"\b\d{1,6}[A-Za-z]?\s+(?:[A-Z][\w.'-]*\s+){1,4}(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|"
    r"way|court|ct|place|pl|terrace|parkway|pkwy|circle|cir|highway|hwy|square|sq|crescent|close|row|trail)\b"
)
_SPELLED_EMAIL = re.compile(
    r"(?i)[\w.+-][ \t]*(?:\(at\)|\[at\]|[ \t]at[ \t])[ \t]*[\w-]+(?:[ \t]*(?:\(dot\)|\[dot\]|[ \t]dot[ \t]))"
)
_EMAILISH = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITISH = re.compile(r"\+?\(?\d(?:[\s().\-/]*\d){6,}")
# A date glued by a hyphen to an identifier: the release suffix of a model name
# (`gpt-4o-2024-08-06`, `claude-3-5-sonnet-20241022`), a build or order tag. Its digits
# look like a phone number to the screen and to the phone matcher, which made every
# prompt naming a dated model import presidio for nothing; both skip it.
DATED_ID = re.compile(r"(?<=[A-Za-z0-9]-)(?:19|20)\d{2}(?:-[01]\d-[0-3]\d|[01]\d[0-3]\d)(?!-?\d)")


def blank_dated_ids(text: str) -> str:
    """``text`` with every :data:`DATED_ID` replaced by spaces (same length, offsets kept)."""
    return DATED_ID.sub(lambda m: " " * len(m.group()), text) if "-" in text else text


_IPISH = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}\b")


def needs_analysis(text: str) -> bool:
    """Whether ``text`` can hold anything PII rules report (else skip the engine entirely)."""
    return needs_presidio(text) or bool(HOME_PATH_SCREEN.search(text))


# A home folder in a path: `C:\\Users\\x`, `/Users/x` (macOS), `/home/x`. Found without presidio.
HOME_PATH_SCREEN = re.compile(r"(?i:\\users\\|[a-z]:/users/)|/Users/|/home/")


def needs_presidio(text: str) -> bool:
    """Whether ``text`` can hold anything presidio or NER reports (else presidio is not imported).

    Placeholders are judged here already: a prompt whose only email is
    ``jane@example.com`` and whose only number is ``555-0100`` never loads presidio.
    """
    from promptlint.detect.pii import placeholders as ph

    if needs_ner(text):
        return True
    if any(not (ph.email_is_placeholder(m) or ph.email_is_role(m)) for m in _EMAILISH.findall(text)):
        return True
    for m in _DIGITISH.finditer(blank_dated_ids(text)):
        value = m.group()
        if not (ph.phone_is_placeholder(value) or ph.card_is_placeholder(value) or ph.ssn_is_placeholder(value)):
            return True
    if any(not ph.ip_is_placeholder(m) for m in _IPISH.findall(text) if m.count(":") != 1):
        return True
    if _SCREEN_OTHER.search(text) or _SPELLED_EMAIL.search(text):
        return True
    from promptlint.detect.pii import streets

    return any(not ph.address_is_placeholder(text[a:b]) for a, b, _ in streets.find(text))


def needs_ner(text: str) -> bool:
    """Whether a person name in ``text`` could be personal data (a cue or personal words).

    A weak cue whose name is plainly an organisation's ("orders for Contoso Outdoors")
    does not count: the NER model would only be loaded to say so.
    """
    if PERSONAL_WORDS.search(text):
        return True
    strong, weak, lower = _cues()
    normalised = normalise(text)
    if any(cue.search(text) for cue in _live(strong, normalised)):
        return True
    if any(cue.search(text) for cue in _live(lower, normalised)):
        return True
    return any(not ORG_WORDS.search(m.group("name")) for cue in _live(weak, normalised) for m in cue.finditer(text))


def name_cue_spans(text: str, *, weak: bool = False) -> list[tuple[int, int]]:
    """Spans of names introduced by a cue; ``weak`` adds the confirming-only cues."""
    return [(a, b) for a, b, _ in name_cues(text, weak=weak)]


def name_cues(text: str, *, weak: bool = False) -> list[tuple[int, int, str]]:
    """Like :func:`name_cue_spans`, with the kind of each cue (``intro``, ``address``,
    ``field``, ``signature``, ``relation``, ``event``, ``interaction``, ``role``):
    outside examples only a ``field`` cue makes a lone given name someone's data."""
    found = []
    strong, weak_cues, lower = _cues()
    normalised = normalise(text)
    cues = (*strong, *weak_cues) if weak else strong
    for cue, kind in zip(cues, _KINDS, strict=False):
        if not cue.may_occur(normalised):
            continue
        for m in cue.finditer(text):
            found.append((m.start("name"), m.end("name"), kind))
    for cue in _live(lower, normalised):
        for m in cue.finditer(text):
            span = _lower_name(text, m.start("name"), m.end("name"))
            if span is not None:
                found.append((*span, "lower"))
    return found


def _lower_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A lower-case name slot's value, cut before the English words that follow the name
    ("ksenia obradović and i need…" → "ksenia obradović"); None when it starts with one
    ("my name is not important")."""
    from promptlint.detect.pii import lexicon, people, placeholders

    english = lexicon.english_words()
    kept = []
    for m in re.finditer(r"\S+", text[start:end]):
        word = m.group().strip(".,;:'’").lower()
        if word in people.FUNCTION_WORDS or word in placeholders.NOT_NAMES or _english_form(word, english):
            break
        kept.append(m)
    if not kept:
        return None
    return start + kept[0].start(), start + kept[-1].end()


def unit_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence-ish unit around ``[start, end)``: its line, cut at sentence ends."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo = line_start
    for m in re.finditer(r"[.!?](?:\s+|$)", text[line_start:start]):
        lo = line_start + m.end()
    hi = line_end
    m = re.search(r"[.!?](?:\s|$)", text[end:line_end])
    if m:
        hi = end + m.end()
    return max(lo, start - 160), min(hi, end + 160)


def _english_form(word: str, english: frozenset[str]) -> bool:
    """``word`` or its stem is an English adjective, adverb or verb ("contacting", "moved")."""
    if word in english:
        return True
    for suffix, repl in (
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[: -len(suffix)] + repl in english:
            return True
    return False
