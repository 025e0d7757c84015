"""Generate a synthetic, archive-scale corpus for benchmarks.

Every record is fictional and flagged so. Default scale: 100,000 people,
20,000 testimonies, 500,000 segments and 10,000 articles, with mixed consents
and names in Hangul, Han characters and Latin script. Run it on a database of
its own (see bench/README.md): it refuses to add to a database that already
holds testimonies unless told to.
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from catalog.models import (
    ArticleContributor,
    Family,
    FamilyMember,
    Person,
    PersonName,
    Place,
    Relationship,
    Residence,
    SourceArticle,
    Subject,
)
from testimony.models import (
    Collection,
    ConsentRecord,
    PartnerOrganisation,
    Segment,
    Testimony,
)

FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"]
GIVEN = ["민", "서", "영", "정", "수", "현", "지", "은", "호", "준", "희", "성", "숙", "자", "철"]
ROMAN_FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han"]
ROMAN_GIVEN = ["min", "seo", "young", "jung", "su", "hyun", "ji", "eun", "ho", "jun", "hee"]
KANJI = ["金", "李", "朴", "崔", "鄭", "姜", "趙", "尹", "張", "林", "韓", "田", "中", "山", "川"]
EN_WORDS = (
    "harbour ship voyage arrival school factory hunger winter letter mother father brother "
    "sister camp border river train market rice coal fishing farm hospital wedding funeral "
    "radio newspaper propaganda escape police neighbour teacher song festival uniform"
).split()
KO_WORDS = "청진 함흥 원산 배 학교 공장 겨울 편지 어머니 아버지 형 누나 수용소 국경 강 기차".split()
JA_WORDS = "新潟 清津 船 学校 工場 冬 手紙 母 父 兄 姉 収容所 国境 川 汽車 市場 米 帰国".split()
DATES = ["1959-12", "1960~", "1960-05", "1961-21", "1962?", "196X", "197X", "1975~", "1984-07"]


def chunks(items, size=5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk(model, rows, size=5000):
    for part in chunks(rows, size):
        model.objects.bulk_create(part, batch_size=size)


class Command(BaseCommand):
    help = "Generate a synthetic archive-scale corpus (fictional records) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--testimonies", type=int, default=20_000)
        parser.add_argument("--segments", type=int, default=500_000)
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1959)
        parser.add_argument("--add", action="store_true", help="Add to a non-empty database.")

    def handle(self, *args, **options):
        if Testimony.objects.exists() and not options["add"]:
            raise CommandError("This database already holds testimonies; use --add to add more.")
        self.random = random.Random(options["seed"])
        started = time.monotonic()
        with transaction.atomic():
            # Check foreign keys per statement: millions of deferred checks queued
            # until commit make every later statement slower (PostgreSQL walks the queue).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.reference()
            people = self.people(options["people"])
            testimonies = self.testimonies(people, options["testimonies"])
            self.segments(testimonies, people, options["segments"])
            self.articles(people, options["articles"])
            self.families(people)
            self.releases()
        self.stdout.write(f"Corpus generated in {time.monotonic() - started:.0f} s.")

    def releases(self):
        """Every published testimony released as it stands, as a reviewer would."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH made AS (
                    INSERT INTO testimony_release
                        (testimony_id, number, consent_id, released_at, note, overrides)
                    SELECT t.id, 1, c.id, now(), 'Synthetic corpus (fictional).', '[]'
                    FROM testimony_testimony t
                    JOIN testimony_consentrecord c ON c.testimony_id = t.id AND c.is_current
                    WHERE t.status = 'published' AND t.catalogue_id LIKE 'SYN-%%'
                    RETURNING id, testimony_id)
                SELECT count(testimony_release(testimony_id, id)) FROM made
                """
            )
            (count,) = cursor.fetchone()
        self.step(f"{count} testimonies released", started)

    def step(self, label, started):
        self.stdout.write(f"  {label}: {time.monotonic() - started:.1f} s")

    def words(self, count, vocabulary=None):
        vocabulary = vocabulary or self.random.choice([EN_WORDS, KO_WORDS, JA_WORDS])
        return " ".join(self.random.choice(vocabulary) for _ in range(count))

    def reference(self):
        started = time.monotonic()
        self.collections = [
            Collection.objects.get_or_create(
                code=f"synthetic-{i}", defaults={"name": f"Synthetic {i}"}
            )[0]
            for i in range(5)
        ]
        self.partners = [
            PartnerOrganisation.objects.get_or_create(name=f"Synthetic partner {i} (fictional)")[0]
            for i in range(5)
        ]
        bulk(Place, [Place(name=f"Synthetic place {i}", kind="town") for i in range(500)])
        bulk(Subject, [Subject(label=f"synthetic subject {i}") for i in range(100)])
        self.places = list(Place.objects.values_list("pk", flat=True))
        self.subjects = list(Subject.objects.values_list("pk", flat=True))
        self.step("reference records", started)

    def people(self, count):
        started = time.monotonic()
        rows = []
        for i in range(count):
            person = Person(
                preferred_name=" ".join(
                    [
                        self.random.choice(ROMAN_FAMILY),
                        self.random.choice(ROMAN_GIVEN) + self.random.choice(ROMAN_GIVEN),
                        f"{i} (fictional)",
                    ]
                ),
                birth=self.random.choice(["1930~", "1935", "1941-21", "194X", "1950?", ""]),
                is_fictional=True,
            )
            person.set_date_bounds()
            rows.append(person)
        bulk(Person, rows)
        ids = list(
            Person.objects.filter(is_fictional=True)
            .order_by("-pk")
            .values_list("pk", flat=True)[:count]
        )
        names, residences = [], []
        for pk in ids:
            hangul = (
                self.random.choice(FAMILY) + self.random.choice(GIVEN) + self.random.choice(GIVEN)
            )
            hanzi = self.random.choice(KANJI) + self.random.choice(KANJI)
            names.append(
                PersonName(person_id=pk, name=hangul, script="Hang", language="ko", kind="korean")
            )
            names.append(
                PersonName(person_id=pk, name=hanzi, script="Hani", language="ja", kind="tsumei")
            )
            country = self.random.choices(["JP", "KP", "KR", ""], weights=[50, 30, 15, 5])[0]
            residence = Residence(person_id=pk, country=country, is_current=True, period="2000/..")
            residence.set_date_bounds()
            residences.append(residence)
        bulk(PersonName, names)
        bulk(Residence, residences)
        self.step(f"{count} people, {len(names)} name variants", started)
        return ids

    def testimonies(self, people, count):
        started = time.monotonic()
        rows = []
        for i in range(count):
            testimony = Testimony(
                catalogue_id=f"SYN-{i:06d}-{self.random.randrange(10**6):06d}",
                title=f"{self.words(4, EN_WORDS)} (fictional)",
                narrator_id=people[i % len(people)],
                recorded=self.random.choice(DATES),
                place_id=self.random.choice(self.places),
                languages=self.random.choice([["ko"], ["ja"], ["ko", "ja"], ["en"]]),
                duration=datetime.timedelta(minutes=self.random.randint(20, 180)),
                collection=self.random.choice(self.collections),
                status=self.random.choices(["published", "in_review", "draft"], weights=[90, 5, 5])[
                    0
                ],
                summary=self.words(30),
                is_fictional=True,
            )
            testimony.set_date_bounds()
            rows.append(testimony)
        bulk(Testimony, rows)
        ids = list(
            Testimony.objects.filter(catalogue_id__startswith="SYN-").values_list("pk", flat=True)
        )
        consents = []
        today = datetime.date.today()
        for pk in ids:
            access = self.random.choices(
                ["public", "all_partners", "named_partners", "closed"], weights=[40, 35, 15, 10]
            )[0]
            withdrawn = self.random.random() < 0.03
            name = self.random.choices(
                ["real_name", "pseudonym", "anonymous"], weights=[50, 25, 25]
            )[0]
            consents.append(
                ConsentRecord(
                    testimony_id=pk,
                    version=1,
                    is_current=True,
                    given_on=today,
                    method="written",
                    access="closed" if withdrawn else access,
                    withdrawn=withdrawn,
                    name_disclosure=name,
                    pseudonym=f"Narrator {pk}" if name == "pseudonym" else "",
                    audio=self.random.choice(["none", "partners", "public"]),
                    transcript=self.random.choice(["none", "partners", "public"]),
                    embargo_until=today + datetime.timedelta(days=365)
                    if self.random.random() < 0.05
                    else None,
                )
            )
        bulk(ConsentRecord, consents)
        through = ConsentRecord.partners.through
        named = ConsentRecord.objects.filter(testimony_id__in=ids, access="named_partners")
        bulk(
            through,
            [
                through(
                    consentrecord_id=pk, partnerorganisation_id=self.random.choice(self.partners).pk
                )
                for pk in named.values_list("pk", flat=True)
            ],
        )
        self.step(f"{count} testimonies with consents", started)
        return ids

    def segments(self, testimonies, people, count):
        started = time.monotonic()
        per = max(1, count // len(testimonies))
        made = 0
        for part in chunks(testimonies, 2000):
            rows = []
            for pk in part:
                for n in range(per):
                    rows.append(
                        Segment(
                            testimony_id=pk,
                            start=datetime.timedelta(minutes=3 * n),
                            end=datetime.timedelta(minutes=3 * n + 3),
                            title=self.words(3),
                            synopsis=self.words(25),
                            transcript_excerpt=self.words(40),
                            is_closed=self.random.random() < 0.05,
                        )
                    )
            bulk(Segment, rows)
            made += len(rows)
        segment_ids = list(
            Segment.objects.filter(testimony_id__in=testimonies).values_list("pk", flat=True)
        )
        subjects = Segment.subjects.through
        bulk(
            subjects,
            [
                subjects(segment_id=pk, subject_id=self.random.choice(self.subjects))
                for pk in segment_ids
            ],
        )
        mentioned = Segment.people.through
        bulk(
            mentioned,
            [
                mentioned(segment_id=pk, person_id=self.random.choice(people))
                for pk in segment_ids
                if self.random.random() < 0.1
            ],
        )
        self.step(f"{made} segments with subjects and people", started)

    def articles(self, people, count):
        started = time.monotonic()
        rows = []
        for i in range(count):
            article = SourceArticle(
                title=f"{self.words(6, EN_WORDS)} {i}",
                outlet=self.random.choice(
                    ["Synthetic Review", "Synthetic Daily", "Synthetic Journal"]
                ),
                published=self.random.choice(["2001", "2007-03-15", "2015~", "2023-03-06/.."]),
                language=self.random.choice(["en", "ko", "ja"]),
                summary=self.words(40),
            )
            article.set_date_bounds()
            rows.append(article)
        bulk(SourceArticle, rows)
        ids = list(
            SourceArticle.objects.filter(outlet__startswith="Synthetic").values_list(
                "pk", flat=True
            )
        )
        bulk(
            ArticleContributor,
            [ArticleContributor(article_id=pk, name=f"Author {pk}") for pk in ids],
        )
        through = SourceArticle.people.through
        bulk(
            through,
            [
                through(sourcearticle_id=pk, person_id=person)
                for pk in ids
                for person in self.random.sample(people, 2)
            ],
        )
        self.step(f"{count} articles", started)

    def families(self, people):
        started = time.monotonic()
        count = len(people) // 20
        bulk(
            Family,
            [
                Family(name=f"Synthetic family {i} (fictional)", is_fictional=True)
                for i in range(count)
            ],
        )
        family_ids = list(
            Family.objects.filter(name__startswith="Synthetic family").values_list("pk", flat=True)
        )
        members, relations = [], []
        for index, family in enumerate(family_ids):
            group = people[index * 4 : index * 4 + 4]
            members += [FamilyMember(family_id=family, person_id=pk) for pk in group]
            relations += [
                Relationship(family_id=family, person_id=group[0], kind="parent", relative_id=child)
                for child in group[1:]
            ]
        bulk(FamilyMember, members)
        bulk(Relationship, relations)
        self.step(f"{count} families", started)
