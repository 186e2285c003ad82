"""Values prompt writers use on purpose, which are not personal data.

Every list here is a published convention, not a guess tuned to one file:

* RFC 2606 / RFC 6761 reserved domains (``example.com``, ``*.example``, ``*.test``,
  ``*.invalid``, ``*.localhost``) and the stock "domain.com" family;
* NANP fictional numbers (``555-0100``–``555-0199``) and the non-existent area code 555;
* card-network test numbers (Visa 4111…/4242…, Mastercard 5555…4444, Amex 3782…0005 …)
  that payment providers document for testing;
* documentation IP ranges (RFC 5737 ``192.0.2.0/24``, ``198.51.100.0/24``,
  ``203.0.113.0/24``; RFC 3849 ``2001:db8::/32``), private/loopback ranges, and a few
  public resolvers everybody quotes (8.8.8.8, 1.1.1.1);
* SSNs the SSA calls invalid or that were published as examples (078-05-1120,
  219-09-9999, 123-45-6789);
* the example IBANs of the ECBS/SWIFT registry documentation;
* placeholder names (John/Jane Doe, Max Mustermann, Alice and Bob…);
* role mailboxes (``support@``, ``noreply@``): an organisation, not a person;
* the accounts operating systems, cloud images, containers and CI runners create
  (``root``, ``ubuntu``, ``ec2-user``, ``runner``, ``vscode``, ``Public``, ``Default``),
  and the stand-ins documentation uses in home-folder paths (``user``, ``username``,
  ``you``, ``<name>``, ``$USER``, ``%USERNAME%``).
"""

from __future__ import annotations

import ipaddress
import re

EXAMPLE_DOMAINS = frozenset(
    {
        "example.com", "example.net", "example.org", "example.edu", "domain.com", "email.com",
        "company.com", "yourcompany.com", "yourdomain.com", "mycompany.com", "mydomain.com",
        "acme.test", "test.com", "sample.com", "foo.com", "bar.com", "somewhere.com",
        "acme.com", "acme.org", "acme.io", "acmecorp.com", "contoso.com", "fabrikam.com",
        "northwind.com", "adventure-works.com", "wingtiptoys.com", "tailspintoys.com",
    }
)  # fmt: skip
RESERVED_TLDS = ("example", "test", "invalid", "localhost", "local", "internal", "lan")
ROLE_MAILBOXES = frozenset(
    {
        "support", "help", "helpdesk", "info", "contact", "hello", "team", "sales", "billing",
        "noreply", "no-reply", "donotreply", "do-not-reply", "admin", "administrator", "webmaster",
        "postmaster", "security", "privacy", "legal", "press", "media", "careers", "jobs", "hr",
        "abuse", "office", "service", "customerservice", "feedback", "orders", "accounts",
        "notifications", "bot", "mailer-daemon", "root", "devnull", "marketing", "partners",
        "returns", "refunds", "shipping", "warehouse", "reservations", "booking", "bookings", "events",
        "invoices", "invoice", "payments", "payroll", "recruiting", "talent", "it", "ops", "devops", "oncall",
        "on-call", "alerts", "status", "updates", "news", "newsletter", "subscriptions", "compliance", "dpo",
    }
)  # fmt: skip
PLACEHOLDER_LOCAL_PARTS = frozenset(
    {
        "user", "username", "name", "email", "someone", "somebody", "me", "you", "your.name",
        "yourname", "your-email", "youremail", "firstname.lastname", "first.last", "firstname",
        "lastname", "test", "example", "sample", "foo", "bar", "john.doe", "jane.doe", "johndoe",
        "janedoe", "jdoe", "customer", "recipient", "sender", "address",
    }
)  # fmt: skip

TEST_CARDS = frozenset(
    {
        "4111111111111111", "4242424242424242", "4000056655665556", "4012888888881881",
        "4222222222222", "4000000000000002", "4000000000009995", "4000000000000077",
        "4000000000000341", "4000000000003220", "4005519200000004", "4009348888881881",
        "5555555555554444", "5200828282828210", "5105105105105100", "5454545454545454",
        "2223003122003222", "2222400070000005", "378282246310005", "371449635398431",
        "378734493671000", "6011111111111117", "6011000990139424", "6011000400000000",
        "3056930009020004", "36227206271667", "30569309025904", "38520000023237",
        "3566002020360505", "3530111333300000", "6200000000000005", "6304000000000000",
        "5019717010103742", "4917610000000000003", "4988438843884305",
    }
)  # fmt: skip
EXAMPLE_SSNS = frozenset({"078051120", "219099999", "123456789", "987654320", "987654321"})
EXAMPLE_IBANS = frozenset(
    {
        "GB82WEST12345698765432", "GB29NWBK60161331926819", "GB33BUKB20201555555555",
        "DE89370400440532013000", "DE44500105175407324931", "FR1420041010050500013M02606",
        "FR7630006000011234567890189", "NL91ABNA0417164300", "ES9121000418450200051332",
        "IT60X0542811101000000123456", "CH9300762011623852957", "BE68539007547034",
        "AT611904300234573201", "PL61109010140000071219812874", "SE4550000000058398257466",
        "NO9386011117947", "DK5000400440116243", "FI2112345600000785", "IE29AIBK93115212345678",
        "PT50000201231234567890154", "LU280019400644750000", "CZ6508000000192000145399",
    }
)  # fmt: skip
PUBLIC_IPS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112", "208.67.222.222"})
_DOC_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)

PLACEHOLDER_NAMES = frozenset(
    {
        "john doe", "jane doe", "john q. public", "john q public", "jane q. public", "john smith",
        "jane smith", "joe bloggs", "fred bloggs", "joe schmoe", "richard roe", "jane roe",
        "mary major", "max mustermann", "erika mustermann", "juan pérez", "juan perez",
        "mario rossi", "jan kowalski", "ivan ivanov", "taro yamada", "hanako yamada",
        "zhang san", "li si", "john doh", "test user", "sample user", "first last",
        "firstname lastname", "first name", "last name", "full name", "your name",
        "alice", "bob", "carol", "eve", "mallory", "trent", "foo", "bar", "foo bar",
    }
)  # fmt: skip

# Capitalised words that start sentences, address groups or name roles: never a name.
NOT_NAMES = frozenset(
    {
        "i", "me", "you", "we", "they", "he", "she", "it", "there", "here", "all", "everyone",
        "everybody", "team", "folks", "guys", "friend", "friends", "sir", "madam", "ma'am",
        "customer", "customers", "user", "users", "assistant", "agent", "support", "bot", "ai",
        "human", "model", "system", "admin", "manager", "doctor", "dr", "mr", "mrs", "ms", "miss",
        "the", "a", "an", "this", "that", "please", "thanks", "thank", "hi", "hello", "hey",
        "dear", "yes", "no", "ok", "okay", "sure", "sorry", "good", "great", "best", "regards",
        "claude", "chatgpt", "gpt", "gemini", "copilot", "siri", "alexa", "cortana", "bard",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "today", "tomorrow", "yesterday", "morning",
        "evening", "afternoon", "night", "everything", "nothing", "something", "anyone",
        "happy", "glad", "excited", "interested", "looking", "writing", "calling", "reaching",
        "new", "not", "just", "also", "still", "currently", "really", "very", "so", "unable",
        "trying", "having", "getting", "going", "wondering", "hoping", "from", "at", "in",
        "on", "with", "your", "my", "our", "their", "his", "her", "its", "an ai", "assistant bot",
        "i'm", "i’m", "im", "i've", "i'd", "i'll", "it's", "that's", "here's", "and", "or", "but",
        "first", "second", "third", "fourth", "fifth", "next", "then", "finally", "lastly", "now", "however",
        "therefore", "meanwhile", "additionally", "moreover", "note", "important", "create", "navigate",
        "world", "hello world", "universe", "stranger", "reader", "readers", "viewer", "viewers", "hero", "boss",
        "c'mon", "y'all", "g'day", "o'clock",
    }
)  # fmt: skip


# Common nouns that do not occur in people's names: "Git Config File", "Variables Example".
NOT_NAME_WORDS = frozenset(
    {
        "file", "files", "config", "configuration", "template", "templates", "example", "examples", "test", "tests",
        "data", "server", "service", "api", "app", "application", "system", "model", "prompt", "project", "tool",
        "plugin", "module", "function", "script", "report", "document", "page", "list", "table", "code", "key",
        "token", "error", "request", "response", "variables", "variable", "value", "values", "settings", "policy",
        "rule", "rules", "guide", "docs", "documentation", "network", "database", "query", "task", "workflow",
        "agent", "assistant", "bot", "chat", "message", "tags", "tag", "version", "release", "feature", "bug",
        "issue", "pull", "branch", "commit", "repository", "repo", "git", "http", "https", "url", "json", "yaml",
        "markdown", "html", "css", "sql", "python", "java", "inc", "team", "group", "company", "store",
        "street", "avenue", "road", "city", "county", "state", "university", "school", "hospital", "bank", "cloud",
    }
)  # fmt: skip


# The cryptographers' cast: nobody's real mailbox in a prompt.
_CAST = frozenset({"alice", "bob", "carol", "carlos", "charlie", "dave", "eve", "mallory", "trent", "peggy", "victor"})


def email_is_placeholder(value: str) -> bool:
    local, _, domain = value.lower().rpartition("@")
    domain = domain.rstrip(".")
    if domain in EXAMPLE_DOMAINS or domain.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return True
    if any(domain.endswith("." + d) for d in EXAMPLE_DOMAINS):
        return True
    if local in PLACEHOLDER_LOCAL_PARTS and domain.split(".")[0] in ("domain", "company", "example", "email", "mail"):
        return True
    # A placeholder persona as the mailbox, at any domain: alice@gmail.com, john.doe@outlook.com.
    parts = [p for p in re.split(r"[._+-]", local) if p]
    if parts and (" ".join(parts) in PLACEHOLDER_NAMES or all(p in _CAST for p in parts)):
        return True
    return bool(re.fullmatch(r"x+|\*+|_+|\.+", local))


def email_is_role(value: str) -> bool:
    local = value.lower().rpartition("@")[0]
    local = local.split("+", 1)[0]
    return local in ROLE_MAILBOXES


def phone_is_placeholder(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(set(digits)) <= 2:  # 000-000-0000, 111-111-1111, 555-555-5555
        return True
    if digits in ("1234567890", "0123456789", "9876543210", "1234567", "12345678", "123456789"):
        return True
    if len(digits) == 10:
        area, exchange, line = digits[:3], digits[3:6], digits[6:]
        if area == "555" or area in ("123", "000", "999"):
            return True
        if exchange == "555" and 100 <= int(line) <= 199:
            return True
        if exchange == "555" and line in ("1212", "1234", "5555", "0000", "4567"):
            return True
    if len(digits) == 7 and digits.startswith("555"):
        return True
    # UK drama numbers (Ofcom): 01632 960xxx, 07700 900xxx, 020 7946 0xxx.
    if digits.startswith(("441632960", "01632960", "447700900", "07700900", "442079460", "02079460")):
        return True
    return bool(re.search(r"[xX#]{3,}", value))


def phone_is_business(value: str) -> bool:
    """Toll-free, shared-cost and premium numbers reach a company's switchboard, not a
    person: the NANP toll-free area codes, and elsewhere what ``phonenumbers`` calls
    those types (UK 0800, German 0800, French 08 numbers…)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10 and digits[:3] in ("800", "833", "844", "855", "866", "877", "888"):
        return True
    if not digits.startswith(("0", "8")) and not value.lstrip().startswith("+"):
        return False
    import phonenumbers

    from promptlint.detect.pii.regions import DEFAULT_PHONE_REGIONS

    business = (
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.UAN,
    )
    # A national number is valid in many plans ("090…" is a Japanese mobile and a British
    # premium line, "0800…" is free-phone nearly everywhere): most of the plans that accept
    # it must call it a business number.
    kinds = []
    for region in ("ZZ",) if value.lstrip().startswith("+") else DEFAULT_PHONE_REGIONS:
        try:
            number = phonenumbers.parse(value, None if region == "ZZ" else region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            kinds.append(phonenumbers.number_type(number))
    return bool(kinds) and sum(k in business for k in kinds) * 2 > len(kinds)


def card_is_placeholder(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return digits in TEST_CARDS or len(set(digits)) <= 2 or digits.startswith("0000")


def ssn_is_placeholder(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return digits in EXAMPLE_SSNS or len(set(digits)) <= 2


def iban_is_placeholder(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    return compact in EXAMPLE_IBANS or bool(re.fullmatch(r"[A-Z]{2}\d{2}[0X]+", compact))


def ip_is_placeholder(value: str) -> bool:
    try:
        address = ipaddress.ip_address(value.strip("[]").split("%", 1)[0])
    except ValueError:
        return True  # not a real address at all (a version number, say)
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        # ::ffff:84.17.220.3 is the IPv4 address 84.17.220.3 written for an IPv6 socket.
        return ip_is_placeholder(str(mapped))
    if value in PUBLIC_IPS:
        return True
    if any(address in network for network in _DOC_NETWORKS):
        return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_unspecified
        or address.is_multicast
        or address.is_reserved
        or address.is_link_local
    )


def address_is_placeholder(value: str) -> bool:
    """``123 Main Street``, ``1 Example Road``, ``42 Fake Street``, ``Anytown``."""
    lowered = value.lower()
    if re.search(r"\b(?:example|sample|fake|anytown|anystreet|nowhere|somewhere|placeholder|your)\b", lowered):
        return True
    # The stand-ins of other languages' forms: Musterstraße 1, 12345 Musterstadt; Calle Falsa 123;
    # Rua Exemplo; rue de l'Exemple; Via Esempio; ulica Przykładowa.
    if re.search(r"muster|\bfalsa\b|exempl|ejempl|esempio|przykład|voorbeeld|exempel|esimerkki", lowered):
        return True
    return bool(re.match(r"(?:123|1234|12345|0|00)\s+main\s+(?:street|st)\b", lowered))


def name_is_placeholder(value: str) -> bool:
    lowered = " ".join(value.lower().replace("’", "'").split())
    if lowered in PLACEHOLDER_NAMES:
        return True
    parts = lowered.split()
    return all(part.strip(".,'") in NOT_NAMES or part.strip(".,'") in PLACEHOLDER_NAMES for part in parts)


# Home-folder accounts that identify no one: OS built-ins (Windows' Public, Default, All
# Users; Unix root, nobody, daemon, www-data), cloud and container images' default users
# (ubuntu, ec2-user, azureuser, centos, debian, fedora, admin, pi, vagrant, node, vscode,
# codespace, gitpod, coder), CI runners (runner, runneradmin, circleci, travis, jenkins,
# buildkite), and documentation stand-ins. Also common folder names found directly under
# /home in containers (/home/project, /home/app, /home/workspace).
GENERIC_ACCOUNTS = frozenset(
    {
        "user", "users", "username", "user1", "user2", "myuser", "testuser", "test", "tester", "demo", "sample",
        "example", "guest", "name", "myname", "yourname", "your-name", "your_name", "yourusername",
        "your-username", "your_username", "youruser", "your-user", "your_user", "me", "you", "someone", "somebody",
        "anyone", "foo", "bar", "baz", "x", "xxx", "xxxx", "john", "jane", "johndoe", "janedoe", "jdoe", "john.doe",
        "jane.doe", "john doe", "jane doe", "alice", "bob", "carol", "dave", "eve", "mallory", "trent",
        "public", "default", "default user", "defaultuser0", "all users", "shared", "administrator", "admin",
        "root", "nobody", "daemon", "www-data", "www", "git", "postgres", "mysql", "oracle", "steam", "linuxbrew",
        "ubuntu", "ec2-user", "azureuser", "centos", "debian", "fedora", "rocky", "alpine", "opc", "pi", "vagrant",
        "docker", "node", "vscode", "codespace", "codespaces", "gitpod", "coder", "dev", "developer", "devuser",
        "runner", "runneradmin", "circleci", "travis", "jenkins", "buildkite", "gitlab-runner", "build", "ci",
        "app", "apps", "project", "projects", "workspace", "workspaces", "work", "code", "src", "repo", "repos",
        "data", "tmp", "temp", "home", "sandbox", "agent", "bot", "assistant",
    }
)  # fmt: skip


def account_is_placeholder(value: str) -> bool:
    """A generic or templated account name in a home-folder path (``$USER``, ``%USERNAME%``,
    ``{user}``, ``<name>``, ``...``, ``*``)."""
    lowered = value.strip().lower()
    if len(lowered) < 2 or lowered in GENERIC_ACCOUNTS:
        return True
    if re.search(r"[$%{}<>*]|\.\.|…", lowered) or lowered.isdigit():
        return True
    return bool(re.fullmatch(r"[x_.-]+|user\d*|test\w*|your[\w.-]*|my[\w.-]*user[\w.-]*", lowered))


# Tokens that stand in for a value: <EMAIL>, [REDACTED], {{customer_name}}, ***, XXXX.
_SLOT = re.compile(
    r"<[A-Za-z_ ]{2,40}>|\[[A-Za-z_ .-]{2,40}\]|\{\{[^{}]*\}\}|\{%[^{}]*%\}|\$\{[^}]*\}|\{[A-Za-z_][\w.]*\}|"
    r"\b(?:REDACTED|PLACEHOLDER|ANONYMI[SZ]ED|MASKED|HIDDEN)\b|\*{3,}|\b[xX]{3,}\b|█+"
)


def slot_spans(text: str) -> list[tuple[int, int]]:
    """Spans of placeholder tokens in ``text`` (a finding overlapping one is not PII)."""
    return [(m.start(), m.end()) for m in _SLOT.finditer(text)]
