"""OHMS import (issue 15): 5.x and 6.0 files written here, imported into a
working copy, released and exported again give the same points, cues and
metadata; hostile files are refused with a clear message and nothing written."""

import datetime
from decimal import Decimal

import pytest
from lxml import etree

from catalog.models import Place
from testimony.interchange import ohms
from testimony.interchange.ohms_import import describe, import_file, plan
from testimony.interchange.ohms_read import Refused
from testimony.models import Segment, Testimony, Transcript
from tests.api.conftest import released
from tests.factories import (
    ConsentFactory,
    PlaceFactory,
    SubjectFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db

NS = ohms.NAMESPACE
OPEN = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}

VERSION_6 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="{NS}">
  <record id="OH-2024-7" dt="2024-05-01">
    <version>6.0</version>
    <date value="1998-07-12" format="yyyy-mm-dd"/>
    <title>청진 항구 / 清津港の記憶</title>
    <accession>OH-2024-7</accession>
    <duration>0:20:00</duration>
    <collection_id>niigata</collection_id>
    <collection_name>Niigata voyages</collection_name>
    <subject>Repatriation</subject>
    <keyword>ship</keyword>
    <interviewee>Kim Min-su</interviewee>
    <interviewer>Tanaka Hiroshi</interviewer>
    <transcript_alt_lang>en</transcript_alt_lang>
    <translate>1</translate>
    <language>ko</language>
    <index>
      <point>
        <time>0</time>
        <title>新潟港の出航</title>
        <title_alt>Leaving Niigata</title_alt>
        <partial_transcript>배가 떠났다</partial_transcript>
        <synopsis>니이가타에서 떠난 날 / 新潟を発った日</synopsis>
        <synopsis_alt>The day we left Niigata</synopsis_alt>
        <keywords>ship;harbour</keywords>
        <keywords_alt>ship;port</keywords_alt>
        <subjects>Departure;Unknown subject</subjects>
        <gpspoints>
          <gps>37.916, 139.036</gps><gps_zoom>12</gps_zoom><gps_text>Niigata</gps_text>
        </gpspoints>
        <gpspoints>
          <gps>37.9305, 139.0601</gps><gps_zoom>15</gps_zoom><gps_text>新潟西港</gps_text>
        </gpspoints>
        <hyperlinks>
          <hyperlink>https://example.org/ship</hyperlink><hyperlink_text>Ship</hyperlink_text>
        </hyperlinks>
      </point>
      <point>
        <time>300</time>
        <title>청진 도착</title>
        <title_alt>Arrival at Chongjin</title_alt>
        <synopsis>Arrival.</synopsis>
        <keywords>청진항</keywords>
        <subjects>arrival</subjects>
        <gpspoints><gps>41.79, 129.77</gps><gps_text>청진</gps_text></gpspoints>
        <gpspoints><gps>41.76, 129.72</gps><gps_text>나남 Ranam</gps_text></gpspoints>
        <hyperlinks><hyperlink>http://example.org/청진</hyperlink></hyperlinks>
      </point>
    </index>
    <description>두 나라 사이의 삶. 二つの国の間で。</description>
    <vtt_transcript>WEBVTT

00:00:05.000 --> 00:00:09.000
&lt;v 김민수&gt;배가 떠났다

00:05:10.000 --> 00:05:15.500
&lt;v 田中&gt;清津に着いた
</vtt_transcript>
    <vtt_transcript_alt>WEBVTT

00:00:05.000 --> 00:00:09.000
&lt;v 김민수&gt;The ship left

00:05:10.000 --> 00:05:15.500
&lt;v 田中&gt;We reached Chongjin
</vtt_transcript_alt>
    <rights>http://rightsstatements.org/vocab/InC/1.0/</rights>
  </record>
</ROOT>
"""

TRANSCRIPT_5 = "배가 떠났다 니이가타\n清津に 着いた 日\n마지막 말"
VERSION_5 = f"""<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="{NS}">
  <record id="OH-5" dt="2020-01-01">
    <version>5.4</version>
    <date value="2001" format="yyyy"/>
    <title>Five</title>
    <duration>180</duration>
    <language>Korean</language>
    <index>
      <point><time>0</time><title>처음</title><title_alt>始まり</title_alt>
        <synopsis>배 이야기</synopsis><synopsis_alt>船の話</synopsis_alt>
        <keywords>배;항구</keywords><subjects>Departure</subjects>
        <gpspoints><gps>41.7956, 129.7759</gps><gps_zoom>10</gps_zoom></gpspoints>
        <hyperlinks><hyperlink>http://example.org/5</hyperlink>
          <hyperlink_text>다섯</hyperlink_text></hyperlinks>
      </point>
      <point><time>90</time><title>終わり</title></point>
    </index>
    <sync>1:|2(1)|3(1)</sync>
    <transcript>{TRANSCRIPT_5}</transcript>
  </record>
</ROOT>
"""


@pytest.fixture
def terms():
    departure = SubjectFactory(label="Departure")
    arrival = SubjectFactory(label="Arrival")
    niigata = PlaceFactory(name="Niigata")
    port = PlaceFactory(name="Niigata Port", latitude="37.930000", longitude="139.060000")
    chongjin = PlaceFactory(name="Chongjin", latitude="41.795556", longitude="129.775833")
    chongjin.names.create(name="청진", script="Hang", language="ko")
    return {
        "departure": departure,
        "arrival": arrival,
        "niigata": niigata,
        "port": port,
        "chongjin": chongjin,
    }


def blank():
    return TestimonyFactory(status="published", duration=None, languages=[], title="Untitled")


def export(testimony, translation=None):
    """Release the imported working copy and export it as the public sees it."""
    from testimony.disclosure import Audience
    from testimony.interchange.source import testimony_record

    ConsentFactory(testimony=testimony, **OPEN)
    released(testimony)
    record = testimony_record(Audience.public(), testimony.pk)
    xml = ohms.export(Audience.public(), record, translation)
    document = etree.fromstring(xml.encode())
    ohms.schema().assertValid(document)
    return document


def points(document):
    ns = {"o": NS}
    return [
        (
            p.findtext("o:time", namespaces=ns),
            p.findtext("o:title", namespaces=ns),
            p.findtext("o:synopsis", namespaces=ns),
            p.findtext("o:partial_transcript", namespaces=ns),
            p.findtext("o:subjects", namespaces=ns),
            [g.findtext("o:gps_text", namespaces=ns) for g in p.findall("o:gpspoints", ns)],
        )
        for p in document.findall("o:record/o:index/o:point", ns)
    ]


POINT_FIELDS = ("title_alt", "synopsis_alt", "keywords", "keywords_alt")


def kept(document):
    """What each point carries beside its time and title: the translated fields,
    the keywords, the links (address and text) and the GPS coordinates."""
    ns = {"o": NS}
    return [
        (
            *(p.findtext(f"o:{name}", namespaces=ns) or "" for name in POINT_FIELDS),
            [
                (
                    h.findtext("o:hyperlink", namespaces=ns),
                    h.findtext("o:hyperlink_text", namespaces=ns) or "",
                )
                for h in p.findall("o:hyperlinks", ns)
            ],
        )
        for p in document.findall("o:record/o:index/o:point", ns)
    ]


def coordinates(document):
    ns = {"o": NS}
    return [
        sorted(
            tuple(round(float(v), 4) for v in g.findtext("o:gps", namespaces=ns).split(","))
            for g in p.findall("o:gpspoints", ns)
            if g.findtext("o:gps", namespaces=ns)
        )
        for p in document.findall("o:record/o:index/o:point", ns)
    ]


def vtt_cues(document, name):
    from testimony.transcripts.formats import read_webvtt

    text = document.findtext(f"o:record/o:{name}", namespaces={"o": NS})
    return [(c.start, c.end, c.speaker, c.text) for c in read_webvtt(text)]


def test_version_6_round_trip(terms):
    testimony = blank()
    preview = plan(testimony, VERSION_6.encode())
    assert not Segment.objects.filter(testimony=testimony).exists()  # a plan writes nothing
    assert "Point 1 subject: “Unknown subject”" in preview.unmatched
    assert not preview.not_kept  # keywords, translations, links and GPS points are kept
    lines = describe(preview)
    assert "    will create place 나남 Ranam (41.76, 129.72)" in lines
    assert "    keywords: ship; harbour" in lines
    assert "    translation (en): Leaving Niigata" in lines
    assert "    link: https://example.org/ship “Ship”" in lines
    assert not Place.objects.filter(name="나남 Ranam").exists()
    import_file(testimony, VERSION_6.encode())
    testimony.refresh_from_db()
    assert testimony.title == "청진 항구 / 清津港の記憶"
    assert testimony.recorded == "1998-07-12"
    assert testimony.rights_statement == "http://rightsstatements.org/vocab/InC/1.0/"
    segments = list(testimony.segments.order_by("start"))
    assert [(s.start, s.end) for s in segments] == [
        (datetime.timedelta(0), datetime.timedelta(minutes=5)),
        (datetime.timedelta(minutes=5), datetime.timedelta(minutes=20)),
    ]
    # By name; by coordinates (新潟西港 lies 50 m from Niigata Port); by variant; created.
    assert set(segments[0].places.all()) == {terms["niigata"], terms["port"]}
    ranam = Place.objects.get(name="나남 Ranam")
    assert (ranam.latitude, ranam.longitude) == (Decimal("41.76"), Decimal("129.72"))
    assert set(segments[1].places.all()) == {terms["chongjin"], ranam}
    assert set(segments[1].subjects.all()) == {terms["arrival"]}  # folded: arrival = Arrival
    assert segments[0].keywords == ["ship", "harbour"]
    assert [
        (t.language, t.title, t.synopsis, t.keywords) for t in segments[0].translations.all()
    ] == [("en", "Leaving Niigata", "The day we left Niigata", ["ship", "port"])]
    assert [(k.url, k.text) for k in segments[0].links.all()] == [
        ("https://example.org/ship", "Ship")
    ]

    document = export(testimony)
    assert points(document) == [
        (
            "0",
            "新潟港の出航",
            "니이가타에서 떠난 날 / 新潟を発った日",
            "배가 떠났다",
            "Departure",
            ["Niigata", "Niigata Port"],
        ),
        ("300", "청진 도착", "Arrival.", "", "Arrival", ["Chongjin", "나남 Ranam"]),
    ]
    original = etree.fromstring(VERSION_6.encode())
    assert kept(document) == kept(original)
    # Niigata has no coordinates; the others are the catalogue's (within 100 m of the file's).
    assert coordinates(document) == [[(37.93, 139.06)], [(41.76, 129.72), (41.7956, 129.7758)]]
    source = {"o": NS}
    for name in ("vtt_transcript", "vtt_transcript_alt"):
        from testimony.transcripts.formats import read_webvtt

        expected = read_webvtt(original.findtext(f"o:record/o:{name}", namespaces=source))
        assert vtt_cues(document, name) == [(c.start, c.end, c.speaker, c.text) for c in expected]
    for name in ("title", "description", "transcript_alt_lang", "rights", "language"):
        assert document.findtext(f"o:record/o:{name}", namespaces=source) == original.findtext(
            f"o:record/o:{name}", namespaces=source
        ), name
    assert document.find("o:record/o:date", source).get("value") == "1998-07-12"


def test_version_5_sync_map_becomes_timed_cues(terms):
    testimony = blank()
    with pytest.raises(Refused, match="choose it for the import"):
        plan(testimony, VERSION_5.encode())  # _alt fields of no stated language
    import_file(testimony, VERSION_5.encode(), alt_language="ja")
    first = testimony.segments.order_by("start").first()
    assert [(t.language, t.title, t.synopsis) for t in first.translations.all()] == [
        ("ja", "始まり", "船の話")
    ]
    assert set(first.places.all()) == {terms["chongjin"]}  # by coordinates alone
    transcript = Transcript.objects.get(testimony=testimony)
    assert transcript.language == "ko"
    minute = datetime.timedelta(minutes=1)
    assert [(c.start, c.end, c.text) for c in transcript.cues.order_by("start")] == [
        (0 * minute, 1 * minute, "배가 떠났다 니이가타"),
        (1 * minute, 2 * minute, "清津に 着いた 日"),
        (2 * minute, 3 * minute, "마지막 말"),
    ]
    document = export(testimony, translation="ja")
    assert [p[:2] for p in points(document)] == [("0", "처음"), ("90", "終わり")]
    assert kept(document) == kept(etree.fromstring(VERSION_5.encode()))
    assert document.findtext("o:record/o:transcript_alt_lang", namespaces={"o": NS}) == "ja"
    assert [c[3] for c in vtt_cues(document, "vtt_transcript")] == [
        "배가 떠났다 니이가타",
        "清津に 着いた 日",
        "마지막 말",
    ]


def written_nothing(testimony):
    return not (
        Segment.objects.filter(testimony=testimony).exists()
        or Transcript.objects.filter(testimony=testimony).exists()
        or Testimony.objects.get(pk=testimony.pk).title != "Untitled"
        or Place.objects.filter(name="나남 Ranam").exists()
    )


EXTERNAL_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE ROOT [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ROOT xmlns="{NS}"><record><title>&secret;</title></record></ROOT>"""

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE ROOT [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">\n' for n in range(1, 10))
    + f']>\n<ROOT xmlns="{NS}"><record><title>&lol9;</title></record></ROOT>'
).replace("&lol0;", "&lol;")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EXTERNAL_ENTITY.encode(), "declares a DTD"),
        (LAUGHS.encode(), "declares a DTD"),
        (b"<ROOT>" + b"x" * (100 * 1024**2) + b"</ROOT>", "OHMS files of up to 20 MB"),
        (VERSION_6.replace("<time>300</time>", "<time>five</time>").encode(), "not a number"),
        (VERSION_6.replace("<time>300</time>", "<time>0</time>").encode(), "in time order"),
        (VERSION_6.replace("<time>300</time>", "<time>5000</time>").encode(), "after the"),
        (VERSION_6.replace("00:05:15.500", "00:05:09.000").encode(), "not after it starts"),
        (VERSION_6.replace("37.916, 139.036", "95.1, 139.036").encode(), "latitude -90 to 90"),
        (VERSION_6.replace("41.76, 129.72", "41.76").encode(), "is not “latitude, longitude”"),
        (
            VERSION_6.replace("https://example.org/ship", "javascript:alert(1)").encode(),
            "not an http or https address",
        ),
        (b"<ROOT><record>", "not well-formed XML"),
        (b"<html/>", "not an OHMS file"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_nothing_written(terms, content, message):
    testimony = blank()
    with pytest.raises(Refused) as refused:
        import_file(testimony, content)
    assert message in str(refused.value)
    assert "Nothing was imported." in str(refused.value)
    assert written_nothing(testimony)


def test_import_never_overwrites_an_index(terms):
    testimony = blank()
    import_file(testimony, VERSION_6.encode())
    with pytest.raises(Refused, match="already has segments"):
        import_file(testimony, VERSION_6.encode())
    assert testimony.segments.count() == 2
