"""Street addresses as people write them across Europe, the Americas and the military post.

The English shape — house number, name, suffix ("1847 Wildrose Lane") — is one of several:

* **street word first, number after**: Italian *Via*, *Viale*, *Vicolo*, *Corso*, Spanish
  *Calle*, *Avenida*, Portuguese *Rua*, Galician *Rúa*, Polish *ulica*/*ul.*, Romanian
  *Strada*… ("Via dei Serragli 41", "ul. Długa 16");
* **number first, street word after**: French *rue*, *avenue*, *boulevard* ("14 rue
  Oberkampf", "5, avenue Samson");
* **a compound street name, number after**: German *-straße*, *-gasse*, *-weg*, Dutch
  *-straat*, *-gracht*, Danish *-vej*, Swedish *-vägen*, *-gatan*, Norwegian *-veien*,
  Finnish *-katu*, *-tie*, *-kuja* ("Lindenstraße 12a", "Koivukuja 5 B 12");
* **the English shape with USPS suffixes** (Publication 28, Appendix C1: *Light*,
  *Ports*, *Hollow*, *Gateway*…). The common ones (Street, Road, Lane…) stand alone; the
  rest are ordinary words too ("5 Key Points"), so they count only with a postcode or a
  city-and-state after them; a leading *Flat 9B*, *Unit 4*, *Apt. 5C* belongs to the
  address;
* **military and diplomatic mail**: "PSC 4471, Box 2290, APO AE 09021", "Unit 8120 Box
  455, DPO AP 96521", "USNS Walls, FPO AP 91402".

Any of them may go on with a postcode and a city ("50124 Firenze", "80-827 Gdańsk",
"LS6 1AF", "NY 10025"), on the same line or the next. Whether an address is someone's
is decided elsewhere (a personal cue, or a complete address inside an example).
Patterns are compiled on first use.
"""

from __future__ import annotations

import re
from functools import cache

_UP = "A-ZÀ-ÖØ-ÞĀ-ɏ"
_LOW = "a-zß-öø-ÿā-ɏ"
# A capitalised name word, a particle, or an ordinal ("104th").
_NAMEWORD = rf"(?:[{_UP}][{_LOW}{_UP}'’.-]*|\d{{1,3}}(?:st|nd|rd|th)|[{_LOW}]{{1,4}}['’])"
_PARTICLES = (
    r"(?:de|del|della|delle|dei|degli|di|da|das|do|dos|du|des|la|le|les|los|las|el|al|e|y|et|und|am|an|der|"
    r"im|in|zum|zur|sur|sous|en|von|van|do|na|nad|pod)"
)
_HOUSE = r"\d{1,5}(?:[A-Za-z](?![\w]))?(?:[/-]\d{1,4}[A-Za-z]?)?"

# Street words written before the street's name (any case for those that are not English words).
_BEFORE_NATIVE = (
    r"(?:viale|vicolo|vico|corso|largo|piazza|piazzale|strada|calle|carrer|carrera|avenida|avda\.?|av\.|"
    r"rua|rúa|travessa|praça|praca|alameda|estrada|rodovia|paseo|passeig|camino|ronda|ulica|ul\.|aleja|al\.|"
    r"plac|osiedle|calea|bulevardul|str\.|soseaua|șoseaua|jalan|jl\.|ruelle|chemin|allée|"
    r"impasse|quai|chaussée|náměstí|namesti|utca|odós|borgo|contrada|rotonda|traversa|stretto|salita|lungomare|"
    r"prolongación|prolongacion|callejón|callejon|cerrada|privada|andador|circuito|retorno|peatonal|diagonal|"
    r"calzada|periférico|pasaje|glorieta|travesía|travesia|urbanización|vereda|beco|viela|ladeira|jardim)"
)
# Street words that are English words too ("via email", "place an order"): capitalised only.
_BEFORE_HOMOGRAPH = r"(?:Via|Avenue|Boulevard|Place|Route|Plaza|Square|Piazza|Calle|Rua|Rue|Camino|Paseo|Avenida)"
# Street words after a number ("14 rue Oberkampf", "5, avenue Samson").
_AFTER_NUMBER = (
    r"(?:rue|avenue|av\.|boulevard|bd|bld|chemin|allée|allee|impasse|place|quai|route|cours|square|passage|"
    r"ruelle|chaussée|faubourg|rond-point|voie|sentier|cité|cite|villa|hameau|lieu-dit)"
)
# Compound endings: the street word is the end of one word ("Lindenstraße", "Egevej").
_COMPOUND = (
    r"(?:straße|strasse|str\.|gasse|weg|allee|platz|ring|damm|ufer|steig|pfad|chaussee|zeile|markt|"
    r"straat|gracht|laan|baan|plein|kade|singel|dijk|dreef|steeg|hof|"
    r"vej|vejen|gade|gaden|stræde|allé|vænge|"
    r"vägen|väg|gatan|gata|gränd|stigen|torget|backe|"
    r"veien|vei|gate|gaten|veg|vegen|"
    r"katu|tie|kuja|polku|kaari|rinne|raitti|väylä|aukio|tori|"
    r"tee|tänav|põik|puiestee|iela|gatvė|gatve|prospektas|ulice|třída|trieda|cesta|utca)"
)
# One word ending in a street word, hyphenated parts allowed ("Lindenstraße", "Lisa-Rechberger-Gasse").
_COMPOUND_WORD = rf"(?:(?:[{_UP}][{_LOW}]*-)+(?i:{_COMPOUND})|(?:[{_UP}][{_LOW}]*-)*[{_UP}][{_LOW}]*(?i:{_COMPOUND}))"
# USPS Publication 28, Appendix C1 street suffixes (and their standard abbreviations).
_USPS_STRONG = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Ter|"
    r"Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Crescent|Cres|Close|Row|Trail|Trl|Alley|Aly|Plaza|Plz|Walk)"
)
_USPS_WEAK = (
    r"(?:Allee|Annex|Anx|Arcade|Arc|Bayou|Byu|Beach|Bch|Bend|Bnd|Bluffs?|Blf|Bottom|Btm|Branch|Br|Bridge|Brg|"
    r"Brooks?|Brk|Burgs?|Bg|Bypass|Byp|Camp|Cp|Canyon|Cyn|Cape|Cpe|Causeway|Cswy|Centers?|Ctr|Circles|Cliffs?|Clf|"
    r"Club|Clb|Commons?|Cmn|Corners?|Cor|Course|Crse|Courts|Coves?|Cv|Creek|Crk|Crest|Crst|Crossing|Xing|"
    r"Crossroads?|Xrd|Curve|Curv|Dale|Dl|Dam|Dm|Divide|Dv|Drives|Estates?|Est|Expressway|Expy|Extensions?|Ext|"
    r"Falls?|Fall|Ferry|Fry|Fields?|Fld|Flats?|Flt|Fords?|Frd|Forest|Frst|Forges?|Frg|Forks?|Frk|Fort|Ft|"
    r"Freeway|Fwy|Gardens?|Gdn|Gateway|Gtwy|Glens?|Gln|Greens?|Grn|Groves?|Grv|Harbors?|Hbr|Haven|Hvn|Heights|Hts|"
    r"Hills?|Hl|Hollow|Holw|Inlet|Inlt|Islands?|Is|Isle|Junctions?|Jct|Keys?|Ky|Knolls?|Knl|Lakes?|Lk|Land|"
    r"Landing|Lndg|Lights?|Lgt|Loaf|Lf|Locks?|Lck|Lodge|Ldg|Loop|Mall|Manors?|Mnr|Meadows?|Mdw|Mews|Mills?|Ml|"
    r"Mission|Msn|Motorway|Mtwy|Mount|Mt|Mountains?|Mtn|Neck|Nck|Orchard|Orch|Oval|Overpass|Opas|Parks?|Park|"
    r"Parkways|Pass|Passage|Psge|Path|Pike|Pines?|Pne|Plains?|Pln|Points?|Pt|Ports?|Prt|Prairie|Pr|Radial|Radl|"
    r"Ramp|Ranch|Rnch|Rapids?|Rpd|Rest|Rst|Ridges?|Rdg|River|Riv|Roads|Route|Rte|Run|Shoals?|Shl|Shores?|Shr|"
    r"Skyway|Skwy|Springs?|Spg|Spurs?|Spur|Squares|Station|Sta|Stravenue|Stra|Stream|Strm|Streets|Summit|Smt|"
    r"Throughway|Trwy|Trace|Trce|Track|Trak|Trafficway|Trfy|Trailer|Trlr|Tunnel|Tunl|Turnpike|Tpke|Underpass|Upas|"
    r"Unions?|Un|Valleys?|Vly|Viaduct|Via|Views?|Vw|Villages?|Vlg|Ville|Vl|Vista|Vis|Walks|Wall|Ways|Wells?|Wl|"
    r"Gardens|Grove|Mews|Rise|Parade|Esplanade|Quay|Wharf|Yard|Gate|Vale|End|Green|Hill|Heath|Common|Wynd|Chase)"
)
# A leading secondary unit ("Flat 9B, ", "Apt. 5C, ", "Unit 4, ").
_SECONDARY = r"(?:(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|Room|Rm\.?|Floor|Fl\.?)[ \t]+[\w-]{1,6},?[ \t]+)"
# After the number: staircase/door/apartment parts ("A 7", "3º B", "apto 92", "Apt. 744", "/4").
_AFTER_HOUSE = (
    r"(?:,?(?:[ \t]*\r?\n[ \t>]*|[ \t]+)(?:[A-Z](?:[ \t]+\d{1,4})?(?![\w])|\d{1,2}[º°ª]?[ \t]*[A-Z]\b|"
    r"(?i:apto\.?|apt\.?|apartment|app\.?|appartamento|interior|int\.?|piso|planta|puerta|étage|etage|esc\.?|"
    r"lok\.?|m\.|suite|ste\.?|unit|flat|#)[ \t]*[\w-]{1,6}))*"
)
# A postcode and a city, on the same line or the next.
_POSTCODE = (
    r"(?:\d{4}[ \t]?[A-Z]{2}\b|\d{4,5}(?:-\d{3,4})?|\d{2}-\d{3}|\d{3}[ \t]\d{2}|[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}|"
    r"[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]\d{2}[ \t]?[A-Z\d]{4}|[A-Z]-?\d{4,5}|C\d{4}[A-Z]{3})"
)
_CITY = rf"[{_UP}][{_LOW}{_UP}'’-]+(?:[ \t]+(?:{_PARTICLES}[ \t]+)?[{_UP}][{_LOW}{_UP}'’-]+){{0,3}}(?:[ \t]+[A-Z]\b)?"
_SEP = r"(?:,[ \t]*(?:\r?\n[ \t>]*)?|(?:[ \t]*\r?\n[ \t>]*){1,2}|[ \t]+)"
_TAIL = (
    rf"(?:{_SEP}(?:{_POSTCODE},?[ \t]+{_CITY}"
    rf"|(?:{_CITY}{_SEP}){{0,2}}(?:{_CITY}|[A-Z]{{2,3}})[ \t]*,?[ \t]*{_POSTCODE}"
    rf"|{_CITY},?[ \t]+[A-Z]{{2,3}}[ \t]+{_POSTCODE}|(?:{_CITY}{_SEP}){{1,2}}{_POSTCODE}"
    rf"|{_CITY}[ \t]*\((?:[A-Z]{{2}})\)|[A-Z]{{2,3}}[ \t]+{_POSTCODE})"
    rf"(?:[ \t]*(?:,[ \t]*|[ \t]+-[ \t]+|[ \t]*/[ \t]*)(?:[A-Z]{{2}}\b|{_CITY}))?)"
)
_STREET_NAME = (
    rf"(?:{_PARTICLES}[ \t]+){{0,2}}{_NAMEWORD}(?:[ \t]+(?:{_PARTICLES}[ \t]+){{0,2}}{_NAMEWORD}){{0,4}}"
    rf"(?:[ \t]+(?i:{_COMPOUND}))?"
)
_LOWER_NAME = rf"[{_LOW}{_UP}][{_LOW}{_UP}'’.-]*(?:[ \t]+[{_LOW}{_UP}][{_LOW}{_UP}'’.-]*){{0,3}}"
_MILITARY = (
    r"(?i:(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{1,5}|(?:USS|USNS|USNV|USCGC|USNA)[ \t]+[A-Z][\w'.-]+"
    r"(?:[ \t]+[A-Z][\w'.-]+)?)"
    r"(?:,[ \t]*|[ \t]*\r?\n[ \t>]*|[ \t]+)(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}(?:-\d{4})?)"
)


def _words(alternation: str) -> frozenset[str]:
    """The literal words of one of the alternations above, lower-cased, escapes undone."""
    inner = alternation[3:-1]
    out = set()
    for word in inner.split("|"):
        word = word.replace("\\.", ".").replace("\\", "")
        if word.endswith("s?"):
            out.update({word[:-2].lower(), word[:-2].lower() + "s"})
        elif word.endswith(".?"):
            out.update({word[:-2].lower(), word[:-2].lower() + "."})
        else:
            out.add(word.lower())
    return frozenset(out)


_FIRST_WORDS = _words(_BEFORE_NATIVE) | _words(_BEFORE_HOMOGRAPH)
_AFTER_WORDS = _words(_AFTER_NUMBER)
_COMPOUND_ENDINGS = tuple(_words(_COMPOUND))
_SUFFIX_WORDS = _words(_USPS_STRONG) | _words(_USPS_WEAK) | {"box"}
_TOKEN = re.compile(r"[^\s,;:()]+")


@cache
def _sources() -> dict[str, str]:
    """kind → pattern source; ``full`` kinds are complete postal addresses by themselves."""
    house_tail = rf"{_HOUSE}{_AFTER_HOUSE}"
    table = (
        ("full", _MILITARY),
        # Via dei Serragli 41 · calle de Toledo 77 · Av. Paulista 1578, apto 92
        (
            "first",
            rf"(?<![\w])(?:(?i:{_BEFORE_NATIVE})[ \t]+(?:{_STREET_NAME}|(?i:{_LOWER_NAME}))|{_BEFORE_HOMOGRAPH}[ \t]+"
            rf"{_STREET_NAME}),?[ \t]+(?:n\.?[º°]?[ \t]*|nr\.?[ \t]*|no\.?[ \t]*)?{house_tail}(?![\w])"
            rf"(?P<tail>{_TAIL})?",
        ),
        # 14 rue Oberkampf · 5, avenue Samson
        (
            "after",
            rf"(?<![\w.,])\d{{1,5}}(?:[ \t]?(?:bis|ter|[A-Za-z]))?,?[ \t]+(?i:{_AFTER_NUMBER})[ \t]+"
            rf"(?:(?:{_PARTICLES}|d['’]|l['’])[ \t]*)*{_STREET_NAME}(?P<tail>{_TAIL})?",
        ),
        # Lindenstraße 12a · Koivukuja 5 B 12 · Schottengasse 7/4
        (
            "compound",
            rf"(?<![\w-])(?:[{_UP}][{_LOW}]+[ \t])?{_COMPOUND_WORD}[ \t]+"
            rf"{house_tail}(?![\w])(?P<tail>{_TAIL})?",
        ),
        # 83 Via Satta · 925 Weihmannstraße · 77 Lars-Schrempf-Platz (a house number first)
        (
            "numfirst",
            rf"(?<![\w.,-])(?:{_SECONDARY})?\d{{1,5}}[A-Za-z]?,?[ \t]+(?:(?:(?i:{_BEFORE_NATIVE})|{_BEFORE_HOMOGRAPH})"
            rf"[ \t]+{_STREET_NAME}|{_COMPOUND_WORD}){_AFTER_HOUSE}"
            rf"(?P<tail>{_TAIL})?",
        ),
        # Aunehagen 59, 7632 Solheim · Na Poustkách 8, 797 11 Luby: any street name, then a
        # house number, a postcode and a city
        (
            "generic",
            rf"(?<![\w-])(?P<street>{_STREET_NAME}),?[ \t]+{house_tail}(?![\w])"
            rf"(?P<tail>{_SEP}(?:{_POSTCODE},?{_SEP}{_CITY}|{_CITY},?[ \t]+{_POSTCODE}))"
            rf"(?=[ \t]*(?:$|[,.;:!?)\r\n]))",
        ),
        # 1777 Kramer Court · Flat 9B, 27 Albion Road · 230 West 104th Street
        (
            "suffix",
            rf"(?<![\w-])(?:{_SECONDARY})?\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?[ \t]+(?:{_NAMEWORD}[ \t]+){{1,4}}"
            rf"{_USPS_STRONG}\b\.?(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?{_AFTER_HOUSE}(?P<tail>{_TAIL})?",
        ),
        (
            "weak",
            rf"(?<![\w-])(?:{_SECONDARY})?\d{{1,6}}[A-Za-z]?[ \t]+(?:{_NAMEWORD}[ \t]+){{1,3}}{_USPS_WEAK}\b\.?"
            rf"{_AFTER_HOUSE}(?P<tail>{_TAIL})",
        ),
    )
    return dict(table)


@cache
def pattern(kind: str) -> re.Pattern[str]:
    """The compiled pattern of one shape, compiled when first needed: the eight together
    take ~0.1 s to compile, and most texts with a number need none or one of them."""
    return re.compile(_sources()[kind])


def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, pattern) for every shape; ``full`` kinds are complete postal addresses by themselves."""
    return tuple((kind, pattern(kind)) for kind in _sources())


_RUN = re.compile(r"\d+")


def _kinds_near(text: str, start: int, end: int) -> set[str]:
    """Which shapes the words around the number at ``text[start:end]`` allow (plain
    Python on a few words: trying every pattern at every number costs far more)."""
    before = [t.lower() for t in _TOKEN.findall(text[max(0, start - 80) : start])[-7:]]
    after = [t.lower() for t in _TOKEN.findall(text[end : end + 80])[:6]]
    kinds = set()
    if any(t in _FIRST_WORDS for t in before):
        kinds.add("first")
    if (before and before[-1].rstrip(".").endswith(_COMPOUND_ENDINGS)) or (
        len(before) > 1 and before[-2].endswith(_COMPOUND_ENDINGS)
    ):
        kinds.add("compound")
    if any(t in _AFTER_WORDS for t in after[:2]):
        kinds.add("after")
    if any(t.rstrip(".") in _SUFFIX_WORDS for t in after[:6]):
        kinds.update(("suffix", "weak"))
    if any(t in ("apo", "fpo", "dpo") for t in after[:5] + before[-3:]):
        kinds.add("full")
    if after and (after[0] in _FIRST_WORDS or after[0].rstrip(".").endswith(_COMPOUND_ENDINGS)):
        kinds.add("numfirst")
    if before and _TAIL_HINT.match(text, end):
        kinds.add("generic")
    return kinds


# A postcode right after a house number ("59, 7632 Solheim", "8\n49212 Karlsruhe").
_TAIL_HINT = re.compile(
    r"[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?[ \t]*[,\r\n]?[ \t>]*(?:\d{2}-\d{3}|\d{3}[ \t]\d{2}|\d{4,5})\b"
)


def find(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, complete) for every street address in ``text``, the longest where they
    overlap; ``complete`` when a postcode, city or state follows (or it is military mail)."""
    found: set[tuple[int, int, bool]] = set()
    done: set[tuple[str, int]] = set()
    for run in _RUN.finditer(text):
        for kind in _kinds_near(text, run.start(), run.end()):
            lo = max(0, run.start() - 90)
            if (kind, lo // 60) in done:
                continue
            done.add((kind, lo // 60))
            for m in pattern(kind).finditer(text, lo, min(len(text), run.end() + 240)):
                if kind == "generic" and not _named_like_a_street(m.group("street"), m.group("tail")):
                    continue
                complete = kind == "full" or bool(m.groupdict().get("tail"))
                end = m.end()
                while end > m.start() and text[end - 1] in " \t\r\n,.":
                    end -= 1
                found.add((m.start(), end, complete))
    kept: list[tuple[int, int, bool]] = []
    for start, end, complete in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if any(a < end and start < b for a, b, _ in kept):
            continue
        kept.append((start, end, complete))
    return sorted(kept)


# Nouns that number things in prose ("Version 2, 2024 Release", "Section 3, 1200 Users").
_COUNTED = frozenset(
    """section chapter version page step item line room table figure part level phase stage round order invoice
    ticket case number total year week day month vol volume issue edition release build model series grade class
    unit box lot flight gate seat row platform route bus train exit floor suite hall block tier plan option task
    question answer rule point score rank size step note appendix article clause paragraph verse act scene""".split()
)


def _named_like_a_street(street: str, tail: str) -> bool:
    """A street name with no shape of its own must not be English prose: none of its words
    (nor the city's) a function word, a counted noun or an English adjective, adverb or verb."""
    from promptlint.detect.pii import lexicon, people

    english = lexicon.english_words()
    for word in re.findall(rf"[{_UP}{_LOW}'’]+", street + " " + tail):
        w = word.lower().strip("'’")
        if len(w) <= 2 and w in _words(f"(?:{_PARTICLES[3:-1]})"):
            continue
        if w in people.FUNCTION_WORDS or w in _COUNTED or w in english:
            return False
    return True
