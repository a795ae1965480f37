"""Site furniture around short articles about other events (written for these tests).

Each case wraps one of four short articles in one kind of furniture, worded as different
sites word it, and says what the cleaner must find: title, byline (names only), date and
the article's body, paragraph for paragraph. ``LOOKALIKES`` are articles whose own lines
look like furniture and must stay whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


G20 = Article(
    "African Union joins G20 as leaders agree Delhi declaration",
    (
        "Leaders of the world's largest economies admitted the African Union as a permanent "
        "member of the Group of 20 on Saturday, as host India steered the summit to a joint "
        "declaration that had looked out of reach only days earlier.",
        "The declaration avoided direct criticism of any country over the war in Ukraine, "
        'calling instead on all states to refrain from the threat or use of force. "This is '
        'a text every member could sign," said one negotiator who asked not to be named.',
        "Prime Minister Narendra Modi welcomed the African Union's chairman to the table with "
        "an embrace. Officials said the bloc's seat had been agreed by consensus.",
    ),
)
COP28 = Article(
    "Climate talks end with first call to move away from fossil fuels",
    (
        "Nearly 200 countries agreed at the COP28 climate summit in Dubai on Wednesday to begin "
        "transitioning away from fossil fuels, the first time such a call has appeared in a "
        "final text of the annual talks.",
        'The agreement was adopted without objection minutes after the session opened. "We '
        "have delivered a paradigm shift,\" the summit's president told delegates, some of "
        "whom stood to applaud while others said the wording was too weak.",
        "Small island states complained that the deal had been gavelled through before they "
        "reached the room. Their negotiators said the text contained a litany of loopholes.",
    ),
)
ICELAND = Article(
    "Iceland evacuates fishing town as magma tunnel forms beneath it",
    (
        "Icelandic authorities ordered the evacuation of Grindavik on Saturday after hundreds "
        "of earthquakes shook the Reykjanes peninsula and scientists warned that a river of "
        "magma was spreading under the fishing town.",
        'Residents were given a few hours to collect belongings. "We left with the clothes we '
        'had on," one fisherman said at a shelter in Reykjavik, where the Red Cross had set '
        "up beds in a sports hall.",
        "The Blue Lagoon, one of the country's most visited attractions, closed for a week as "
        "a precaution. The Met Office said an eruption could come within days.",
    ),
)
OLYMPICS = Article(
    "Paris opens Olympics with a ceremony on the Seine",
    (
        "Paris opened the Olympic Games on Friday with a ceremony that sent athletes down the "
        "Seine on a flotilla of boats, the first time a Summer Games has begun outside a "
        "stadium, as rain fell on hundreds of thousands of spectators along the quays.",
        'Organisers had defended the plan for months against security warnings. "We wanted '
        'the city itself to be the stadium," the head of the organising committee said.',
        "Hours earlier, arson attacks on the high-speed rail network disrupted the journeys "
        "of some 800,000 travellers. Officials said trains would run normally by Monday.",
    ),
)
ARTICLES = (G20, COP28, ICELAND, OLYMPICS)


@dataclass(frozen=True)
class Case:
    kind: str
    raw: str
    title: str
    body: str
    byline: str = ""
    published: dt.date | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}: {self.raw.splitlines()[0][:40]}"


def _page(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def around(article: Article, header=(), after_first=(), footer=(), byline_line: str = "") -> str:
    """The article as a site prints it: header lines, headline, byline, body with lines
    after the first paragraph, footer lines."""
    first, *rest = article.paragraphs
    return _page(*header, article.title, byline_line, first, *after_first, *rest, *footer)


SEP_9 = dt.date(2023, 9, 9)
DEC_13 = dt.date(2023, 12, 13)
NOV_11 = dt.date(2023, 11, 11)
JUL_26 = dt.date(2024, 7, 26)


def _timestamps() -> list[Case]:
    stamps = [
        (G20, "Updated on: September 9, 2023 / 8:15 PM EDT / CBS/AP", SEP_9),
        (COP28, "Published 3:45 PM GMT, Wed 13 Dec 2023", DEC_13),
        (ICELAND, "Posted: Saturday, November 11, 2023 at 10:12 a.m. ET", NOV_11),
        (OLYMPICS, "26 July 2024, 23:40 CEST", JUL_26),
        (G20, "Sat 9 Sep 2023 07.51 BST", SEP_9),
        (COP28, "Last updated 2023-12-14 09:02", dt.date(2023, 12, 14)),
        (ICELAND, "2 hours ago", None),
        (COP28, "Updated 21:45, 13-Dec-2023", DEC_13),
        (COP28, "Source: Xinhua | 2023-12-13 21:26:28 | Editor: Liu Yang", DEC_13),
    ]
    cases = [
        Case("timestamp", around(a, header=[line]), a.title, a.body, published=date)
        for a, line, date in stamps
    ]
    # A bare timestamp above the headline must not become the title.
    cases.append(
        Case("timestamp", _page("13/12/2023 10:41", COP28.title, COP28.body), COP28.title,
             COP28.body, published=DEC_13)
    )  # fmt: skip
    # Published and updated both given: the published one is the date.
    both = around(
        OLYMPICS,
        header=["First published: 26 July 2024, 18:00", "Last updated: 27 July 2024, 09:30"],
    )
    cases.append(Case("timestamp", both, OLYMPICS.title, OLYMPICS.body, published=JUL_26))
    one_line = around(G20, header=["Published September 9, 2023 Updated September 10, 2023"])
    cases.append(Case("timestamp", one_line, G20.title, G20.body, published=SEP_9))
    return cases


def _lines_after_first(kind: str, lines: list[str], where: str = "after_first") -> list[Case]:
    cases = []
    for number, line in enumerate(lines):
        article = ARTICLES[number % len(ARTICLES)]
        raw = around(article, **{where: [line]})
        cases.append(Case(kind, raw, article.title, article.body))
    return cases


def _wire_credits() -> list[Case]:
    return _lines_after_first(
        "wire credit",
        ["Reuters", "CBS/AP", "With AFP",
         "(Reporting by Krishna N. Das; Editing by Clarence Fernandez)", "Associated Press",
         "Additional reporting by Sam Lee in Mumbai", "— Agencies", "Edited by: Jane Doe",
         "Reporting from Dubai"],
        where="footer",
    )  # fmt: skip


def _photo_credits() -> list[Case]:
    return _lines_after_first(
        "photo credit",
        ["Photo source: PTI", "Image: AP", "Photograph: Evan Vucci/AP",
         "(Photo by Sean Gallup/Getty Images)", "Credit: Reuters",
         "Image source, Getty Images", "Photo credit: Ludovic Marin/AFP"],
    )  # fmt: skip


def _captions() -> list[Case]:
    captions = [
        "Image caption, Leaders pose for the family photo at the Bharat Mandapam",
        "Delegates applaud after the final text was adopted in Dubai, December 13, 2023. "
        "REUTERS/Amr Alfiky",
        "Residents leave Grindavik on Saturday. Photograph: Halldor Kolbeins/AFP",
        "Athletes wave from a boat on the Seine (Photo by Maja Hitij/Getty Images)",
        "Narendra Modi, right, greets a guest on Saturday. Sputnik/Pool via REUTERS",
        "FILE - Delegates gather in the plenary hall in Dubai, Dec. 12, 2023. (AP Photo/Kamran "
        "Jebreili)",
        "Officials talk outside the hall, Saturday, Nov. 11, 2023. (Halldor Kolbeins, Pool Photo "
        "via AP)",
    ]
    cases = []
    for number, caption in enumerate(captions):
        article = ARTICLES[number % len(ARTICLES)]
        for where in ("header", "after_first"):
            raw = (
                around(article, **{where: [caption]})
                if where == "after_first"
                else _page(article.title, caption, article.body)
            )
            cases.append(Case("caption", raw, article.title, article.body))
    return cases


def _copyright_credits() -> list[Case]:
    return _lines_after_first(
        "copyright credit",
        ["© Reuters / Reuters", "© AFP 2023", "(c) 2023 Example Media Group",
         "Copyright 2023 The Associated Press. All rights reserved.", "© Getty Images"],
    )  # fmt: skip


def _related_lines() -> list[Case]:
    return _lines_after_first(
        "related line",
        ["SEE ALSO: India's G20 presidency in numbers",
         "Read more: What the Delhi declaration says about Ukraine",
         "Related: Leaders arrive for the summit", "ALSO READ | Biden lands in New Delhi",
         "MORE: Climate talks stall over coal", "Recommended: Why the Seine was cleaned"],
    )  # fmt: skip


def _link_lists() -> list[Case]:
    headings = ["Related stories", "Read more", "You may also like", "More on this story",
                "Recommended"]  # fmt: skip
    links = [
        "How the summit was won",
        "Five things to know about the declaration",
        "Who sits at the G20 table?",
    ]
    cases = []
    for number, heading in enumerate(headings):
        article = ARTICLES[number % len(ARTICLES)]
        raw = around(article, after_first=[heading, *links])
        cases.append(Case("link list", raw, article.title, article.body))
    return cases


def _share_lines() -> list[Case]:
    return _lines_after_first(
        "share/subscribe/advert",
        ["Share", "Share this article", "Advertisement", "Story continues below advertisement",
         "Sign up for our daily briefing", "Follow us on Telegram", "5 min read",
         "Listen to this article · 4 min", "Copy Link copied", "Facebook", "WhatsApp"],
    )  # fmt: skip


def _bylines() -> list[Case]:
    bylines = [
        ("By Ben Aris in Berlin", "Ben Aris", None),
        ("Ben Aris in Berlin", "Ben Aris", None),
        ("By Priya Sharma in New Delhi and Tom Hall in London", "Priya Sharma and Tom Hall", None),
        ("By Priya Sharma, New Delhi correspondent", "Priya Sharma", None),
        ("By Anna Jonsdottir | Staff Writer", "Anna Jonsdottir", None),
        ("Written by Claire Dubois in Paris", "Claire Dubois", None),
        ("Amy Hawkins Senior China correspondent", "Amy Hawkins", None),
        ("By Laura Bicker, China correspondent, Beijing", "Laura Bicker", None),
        # A byline that carries the date gives it too.
        ("By Global Times Published: Jul 26, 2024 10:38 PM", "Global Times", JUL_26),
        ("By Priya Sharma | Published September 9, 2023", "Priya Sharma", SEP_9),
    ]
    cases = []
    for number, (line, names, date) in enumerate(bylines):
        article = ARTICLES[number % len(ARTICLES)]
        raw = around(article, byline_line=line)
        cases.append(Case("byline with place", raw, article.title, article.body, names, date))
    return cases


def _datelines() -> list[Case]:
    datelines = [
        (G20, "NEW DELHI, Sept 9 (Reuters) - "),
        (COP28, "DUBAI, United Arab Emirates (AP) — "),
        (ICELAND, "REYKJAVIK, Iceland, Nov 11 (Reuters) - "),
        (OLYMPICS, "PARIS — "),
        (G20, "New Delhi, Sep 9 (PTI) -- "),
        (COP28, "DUBAI: "),
        (ICELAND, "Reykjavik (Reuters) - "),
        (OLYMPICS, "Paris/London CNN — "),
        (G20, "(Bloomberg) -- "),
        (ICELAND, "MOSCOW, Nov 11. /TASS/. "),
    ]
    cases = []
    for article, line in datelines:
        first, *rest = article.paragraphs
        raw = _page(article.title, line + first, *rest)
        # A dateline without a year is not a date.
        cases.append(Case("dateline", raw, article.title, article.body))
    return cases


DUBAI_SUMMARY = "The deal was struck in Dubai after two weeks of talks."
COP28_SUMMARY = (
    "Nearly 200 countries back a deal that calls for a transition away from coal, oil and gas."
)


def _site_pages() -> list[Case]:
    """Several kinds at once, as one page carries them."""
    cbs = _page(
        "Updated on: September 9, 2023 / 8:15 PM EDT / CBS/AP",
        G20.title,
        "Photo source: PTI",
        G20.paragraphs[0],
        "SEE ALSO: India's G20 presidency in numbers",
        G20.paragraphs[1],
        "Advertisement",
        G20.paragraphs[2],
        "Read more",
        "How the summit was won",
        "Who sits at the G20 table?",
    )
    magazine = _page(
        COP28.title,
        DUBAI_SUMMARY,
        "© Reuters / Reuters",
        "Ben Aris in Berlin",
        "Published 3:45 PM GMT, Wed 13 Dec 2023",
        "DUBAI, Dec 13 (Reuters) - " + COP28.paragraphs[0],
        *COP28.paragraphs[1:],
        "(Reporting by Valerie Volcovici; Editing by Janet Lawrence)",
    )
    return [
        Case("whole page", cbs, G20.title, G20.body, published=SEP_9),
        # A summary sentence above the byline is body in plain text: nothing marks it as a
        # standfirst (issue 37), and the dateline below it still goes.
        Case(
            "whole page",
            magazine,
            COP28.title,
            f"{DUBAI_SUMMARY}\n\n{COP28.body}",
            "Ben Aris",
            DEC_13,
        ),
    ]


def _outlet_pages() -> list[Case]:
    """Whole pages as text copied from a browser, laid out as five kinds of site lay them out."""
    wire = _page(
        "Skip to main content",
        "Exclusive news, data and analytics for financial market professionals",
        "World",
        "Europe",
        ICELAND.title,
        "By Jon Smith and Anna Olafsdottir",
        "November 11, 2023 5:57 PM GMT Updated 2 hours ago",
        "Residents leave Grindavik on Saturday. REUTERS/Gudmundur Gudmundsson Purchase "
        "Licensing Rights, opens new tab",
        "REYKJAVIK, Nov 11 (Reuters) - " + ICELAND.paragraphs[0],
        *ICELAND.paragraphs[1:],
        "(Reporting by Jon Smith; Editing by Alex Richardson)",
        "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
    )
    agency = _page(
        OLYMPICS.title,
        "By JOHN LEICESTER",
        "Updated 11:52 PM GMT+2, July 26, 2024",
        "Share", "Copy Link copied", "Email", "Facebook", "X", "Reddit", "Print",
        "PARIS (AP) — " + OLYMPICS.paragraphs[0],
        *OLYMPICS.paragraphs[1:],
        "___",
        "AP Olympics: https://apnews.com/hub/2024-paris-olympic-games",
    )  # fmt: skip
    broadcaster = _page(
        COP28.title,
        "By Laura Paddison, Ella Nilsen and Angela Dewan, CNN",
        "5 minute read",
        "Updated 7:14 AM EST, Wed December 13, 2023",
        "Link Copied!",
        "Delegates applaud after the final text was adopted. Giuseppe Cacace/AFP/Getty Images",
        "Dubai, UAE CNN — " + COP28.paragraphs[0],
        *COP28.paragraphs[1:],
        "CNN’s Rachel Ramirez contributed to this report.",
    )
    newspaper = _page(
        "Iceland",
        ICELAND.title,
        "Hundreds of earthquakes shake Reykjanes peninsula as scientists warn of an eruption",
        "Residents leave Grindavik on Saturday. Photograph: Halldor Kolbeins/AFP/Getty Images",
        "Miranda Bryant Nordic correspondent",
        "Sat 11 Nov 2023 14.12 GMT",
        "Share",
        ICELAND.body,
    )
    channel = _page(
        "News|Climate Crisis",
        COP28.title,
        COP28_SUMMARY,
        "By Al Jazeera Staff",
        "Published On 13 Dec 2023",
        "13 Dec 2023",
        "Save articles to read later and create your own reading list.",
        COP28.body,
        "Source: Al Jazeera and news agencies",
    )
    return [
        Case("outlet page", wire, ICELAND.title, ICELAND.body, "Jon Smith and Anna Olafsdottir",
             NOV_11),
        Case("outlet page", agency, OLYMPICS.title, OLYMPICS.body, "JOHN LEICESTER", JUL_26),
        Case("outlet page", broadcaster, COP28.title, COP28.body,
             "Laura Paddison, Ella Nilsen and Angela Dewan", DEC_13),
        Case("outlet page", newspaper, ICELAND.title, ICELAND.body, "Miranda Bryant", NOV_11),
        Case("outlet page", channel, COP28.title, f"{COP28_SUMMARY}\n\n{COP28.body}",
             "Al Jazeera Staff", DEC_13),
    ]  # fmt: skip


# Six more pages, written as a held-out check after the rules above were settled. On first
# run: titles 6/6, bylines 6/6, dates 5/6, bodies 1/6 exact (two ledes became standfirsts).
# The rules were then mended; they are regression cases now, no longer held out.
MOROCCO = [
    "Rescuers in Morocco dug through rubble with their hands on Sunday as the death toll from the country's strongest earthquake in more than a century rose above 2,000, with many mountain villages still cut off.",
    '"We have lost everything," said a shopkeeper in Moulay Brahim, standing beside the remains of his home. The army said it had sent helicopters to reach isolated valleys.',
    "King Mohammed VI declared three days of national mourning. Several countries offered search teams, though the government accepted help from only four.",
]
TAIWAN = [
    "Lai Ching-te of the ruling Democratic Progressive Party won Taiwan's presidential election on Saturday, securing a third straight term for the party that Beijing regards as separatist.",
    'Lai thanked voters for "writing a new chapter in our democracy" and pledged to keep the status quo across the Taiwan Strait. His party lost its majority in the legislature.',
    "China's Taiwan Affairs Office said the result did not represent mainstream public opinion on the island.",
]
UK = [
    "Labour won a landslide victory in Britain's general election, ending 14 years of Conservative government and making Keir Starmer prime minister with a majority of about 170 seats.",
    '"Change begins now," Starmer told supporters in London in the early hours of Friday. Rishi Sunak conceded defeat and apologised to Conservative candidates who lost their seats.',
    "Turnout was around 60 percent, one of the lowest since 1885, and smaller parties won a record share of the vote.",
]


def _outlet_cases(found: list[tuple]) -> list[Case]:
    """(name, raw page, title, byline, date, paragraphs) rows as cases."""
    return [
        Case("outlet page", raw, title, "\n\n".join(paragraphs), byline, date)
        for _, raw, title, byline, date, paragraphs in found
    ]


def _held_out_round_one() -> list[Case]:
    found = [
        (
            "morocco-wire",
            _page(
                "Home",
                "World",
                "Africa",
                "Morocco quake death toll passes 2,000 as rescuers race to reach villages",
                "By Ahmed Eljechtimi and Alexander Cornwell",
                "September 10, 2023 9:03 PM GMT+1 Updated 2 days ago",
                "A man walks past damaged buildings in Moulay Brahim, Morocco, September 10, 2023. REUTERS/Hannah McKay",
                "MARRAKECH, Morocco, Sept 10 (Reuters) - " + MOROCCO[0],
                MOROCCO[1],
                "Advertisement · Scroll to continue",
                MOROCCO[2],
                "(Reporting by Ahmed Eljechtimi; Writing by Angus McDowall; Editing by Frances Kerry)",
            ),
            "Morocco quake death toll passes 2,000 as rescuers race to reach villages",
            "Ahmed Eljechtimi and Alexander Cornwell",
            dt.date(2023, 9, 10),
            MOROCCO,
        ),
        (
            "taiwan-paper",
            _page(
                "Asia-Pacific",
                "Taiwan",
                "Taiwan elects Lai Ching-te as president in rebuff to Beijing",
                "Ruling party keeps presidency but loses parliamentary majority",
                "Lai Ching-te celebrates with supporters in Taipei on Saturday. Photograph: Ann Wang/Reuters",
                "Helen Davidson in Taipei",
                "Sat 13 Jan 2024 15.37 GMT",
                "First published on Sat 13 Jan 2024 12.16 GMT",
                "Share",
                *TAIWAN,
                "Explore more on these topics",
                "Taiwan",
                "China",
                "Asia Pacific",
                "news",
                "Share",
                "Reuse this content",
            ),
            "Taiwan elects Lai Ching-te as president in rebuff to Beijing",
            "Helen Davidson",
            dt.date(2024, 1, 13),
            TAIWAN,
        ),
        (
            "uk-broadcaster",
            _page(
                "Labour wins UK election in landslide as Starmer becomes prime minister",
                "By Sam Francis",
                "Political reporter, BBC News",
                "Published",
                "5 July 2024",
                "Share",
                "Save",
                "Image source, Getty Images",
                "Image caption, Keir Starmer addressed supporters at Tate Modern",
                *UK,
                "Related topics",
                "General election 2024",
                "Labour Party",
                "More on this story",
                "What happens next?",
                "Who is Keir Starmer?",
            ),
            "Labour wins UK election in landslide as Starmer becomes prime minister",
            "Sam Francis",
            dt.date(2024, 7, 5),
            UK,
        ),
        (
            "morocco-agency",
            _page(
                "Morocco earthquake kills more than 2,000",
                "BY SAM METZ AND TARIK EL BARAKAH",
                "Updated 3:42 PM GMT+1, September 10, 2023",
                "Share",
                "Copy Link copied",
                "Email",
                "Facebook",
                "X",
                "LinkedIn",
                "MOULAY BRAHIM, Morocco (AP) — " + MOROCCO[0],
                MOROCCO[1],
                MOROCCO[2],
                "___",
                "Associated Press writers Jane Doe in Rabat and John Roe in Paris contributed.",
            ),
            "Morocco earthquake kills more than 2,000",
            "SAM METZ AND TARIK EL BARAKAH",
            dt.date(2023, 9, 10),
            MOROCCO,
        ),
        (
            "taiwan-state",
            _page(
                "Taiwan election result will not change basic fact: spokesperson",
                "Source: Xinhua| 2024-01-13 22:48:04|Editor: huaxia",
                "BEIJING, Jan. 13 (Xinhua) -- " + TAIWAN[0],
                *TAIWAN[1:],
                "Follow us on Twitter",
                "Related:",
                "Mainland official comments on Taiwan election results",
            ),
            "Taiwan election result will not change basic fact: spokesperson",
            "",
            dt.date(2024, 1, 13),
            TAIWAN,
        ),
        (
            "uk-magazine",
            _page(
                "Politics",
                "Starmer's landslide: what it means",
                "Labour won a huge majority on a low share of the vote.",
                "5 min read",
                "July 5, 2024",
                "By Anne McElvoy",
                *UK,
                'This article appeared in the UK section of the print edition under the headline "Landslide"',
                "Subscribe to read more",
                "Reuse this content",
            ),
            "Starmer's landslide: what it means",
            "Anne McElvoy",
            dt.date(2024, 7, 5),
            ["Labour won a huge majority on a low share of the vote.", *UK],
        ),
    ]
    return _outlet_cases(found)


# A second held-out round, written after the first was mended: titles, bylines and dates
# 4/4, bodies 2/4 exact (a dateline without a dash, a dashed contributor line and a
# syndication note stayed; no paragraph was lost). Mended; regression cases since.
SPAIN = [
    "Spain's government approved an amnesty for Catalan separatists on Thursday after months of negotiations, a deal that secured Pedro Sanchez another term as prime minister.",
    '"This is a law for coexistence," Sanchez told parliament, as opposition deputies shouted and banged their desks. Protesters gathered outside the building for a third night.',
    "The law now goes to the Senate, where the opposition holds a majority and has promised to delay it.",
]
BALTIMORE = [
    "A cargo ship lost power and struck the Francis Scott Key Bridge in Baltimore early on Tuesday, collapsing most of the span into the Patapsco River and leaving six workers missing.",
    'Officials said a mayday call from the crew gave police just enough time to stop traffic onto the bridge. "These people are heroes," the state\'s governor said.',
    "The port, one of the busiest on the East Coast for car shipments, was closed until further notice.",
]
MOON = [
    "India's space agency landed a probe near the Moon's south pole on Wednesday, making the country the first to reach the region and only the fourth to land on the lunar surface.",
    'Scientists at the control centre in Bengaluru cheered as the lander touched down. "India is on the Moon," the agency\'s chairman announced.',
    "The rover will study the soil for two weeks, until the lunar night ends its mission.",
]


def _held_out_round_two() -> list[Case]:
    found = [
        (
            "spain",
            _page(
                "Menu",
                "Search",
                "Europe",
                "Spain passes Catalan amnesty law that kept Sanchez in power",
                "The measure cleared parliament by 178 votes to 172",
                "By Maria Lopez in Madrid",
                "14 March 2024 • 6:12pm",
                "Pedro Sanchez speaks in parliament in Madrid on Thursday. Credit: Oscar del Pozo/AFP",
                SPAIN[0],
                "READ MORE",
                "Who are the Catalan separatists?",
                "What the amnesty covers",
                SPAIN[1],
                "Advertisement",
                SPAIN[2],
                "Related Topics",
                "Spain",
                "Catalonia",
            ),
            "Spain passes Catalan amnesty law that kept Sanchez in power",
            "Maria Lopez",
            dt.date(2024, 3, 14),
            SPAIN,
        ),
        (
            "bridge",
            _page(
                "Baltimore bridge collapses after ship strike; six missing",
                "Tom Brown, Washington correspondent",
                "Published Tue, Mar 26 2024 8:07 AM EDT Updated Tue, Mar 26 2024 4:29 PM EDT",
                "WATCH LIVE",
                "Key Points",
                BALTIMORE[0],
                BALTIMORE[1],
                "Subscribe to our newsletter",
                BALTIMORE[2],
                "— CNBC's Jane Roe contributed to this report.",
            ),
            "Baltimore bridge collapses after ship strike; six missing",
            "Tom Brown",
            dt.date(2024, 3, 26),
            BALTIMORE,
        ),
        (
            "moon",
            _page(
                "India lands probe near Moon's south pole",
                "PTI",
                "Updated: Aug 23, 2023 18:05 IST",
                "Bengaluru, Aug 23 (PTI) " + MOON[0],
                MOON[1],
                "Also Read: Chandrayaan-3: all you need to know",
                MOON[2],
                "(Only the headline and picture of this report may have been reworked by the staff; the rest of the content is auto-generated from a syndicated feed.)",
            ),
            "India lands probe near Moon's south pole",
            "",
            dt.date(2023, 8, 23),
            MOON,
        ),
        (
            "moon2",
            _page(
                "Science",
                "India becomes first country to land near the Moon's south pole",
                "Chandrayaan-3 touched down at 6:04 pm local time",
                "Published August 23, 2023",
                "4 min read",
                "By Priya Nair",
                "Follow",
                MOON[0],
                MOON[1],
                "Don't miss",
                "Five facts about the lunar south pole",
                "The rover that will roam the Moon",
                MOON[2],
            ),
            "India becomes first country to land near the Moon's south pole",
            "Priya Nair",
            dt.date(2023, 8, 23),
            MOON,
        ),
    ]
    return _outlet_cases(found)


CASES: list[Case] = [
    *_timestamps(),
    *_wire_credits(),
    *_photo_credits(),
    *_captions(),
    *_copyright_credits(),
    *_related_lines(),
    *_link_lists(),
    *_share_lines(),
    *_bylines(),
    *_datelines(),
    *_site_pages(),
    *_outlet_pages(),
    *_held_out_round_one(),
    *_held_out_round_two(),
]

# Paragraphs of articles that look like furniture: every one stays, word for word.
LOOKALIKE_PARAGRAPHS = [
    "Reuters reported that the talks nearly collapsed over a single sentence on Ukraine.",
    "More than 40 heads of state and government attended the two-day meeting.",
    "Share prices in Mumbai rose 2% after the declaration was announced.",
    "Photo opportunities were limited: delegates were kept behind barriers all day.",
    "NATO — the alliance that was not at the table — was mentioned only once.",
    "By Saturday evening, the negotiators had agreed on every paragraph.",
    "Updated figures published on Sunday showed trade between the members rose.",
    "Related talks on debt relief will continue in Marrakech next month.",
    "AP and Reuters photographers were allowed into the hall for five minutes.",
    "Watch what happens next, one delegate said.",
    "Follow-up talks are planned for next year in Brazil.",
    "Source material for the declaration was drafted by Indian officials.",
]


def _lookalike(paragraphs: list[str]) -> Case:
    body = [G20.paragraphs[0], *paragraphs, *G20.paragraphs[1:]]
    return Case("lookalike", _page(G20.title, *body), G20.title, "\n\n".join(body))


# An article whose first paragraph starts with a date (and one that opens with its dateline
# city as an ordinary word) stays whole; no date is taken from a sentence.
DATE_FIRST = (
    "September 9, 2023 will be remembered as the day the African Union took its seat. "
    "Few diplomats had expected any agreement at all when the week began in New Delhi."
)
LOOKALIKES = [
    *(_lookalike(LOOKALIKE_PARAGRAPHS[i : i + 2]) for i in range(0, len(LOOKALIKE_PARAGRAPHS), 2)),
    Case(
        "lookalike",
        _page(G20.title, DATE_FIRST, *G20.paragraphs),
        G20.title,
        "\n\n".join([DATE_FIRST, *G20.paragraphs]),
    ),
    Case(
        "lookalike",
        _page(COP28.title, "Dubai: a city built on oil hosted talks on leaving it behind. " +
              COP28.paragraphs[0], *COP28.paragraphs[1:]),
        COP28.title,
        "\n\n".join(["Dubai: a city built on oil hosted talks on leaving it behind. " +
                      COP28.paragraphs[0], *COP28.paragraphs[1:]]),
    ),
]  # fmt: skip
