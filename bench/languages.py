"""Letters in Arabic and Chinese: cold and cached PDF downloads, beside the same letter in English.

Each letter is written in its script (title, subject, a few paragraphs, three asks, 200 signatories with
names, organizations and cities in that script), built like bench/run.py's padded letter
(letters.services.letter_create_from_data) on the built-in template "Open letter to the Security Council",
and downloaded through the PDF view as bench/pdf_export.py does (pdf_export.letter_download_figures).
The fonts the PDF embeds are listed, to show which faces set the script.

Run alone (`python bench/languages.py`, a throwaway SQLite database or BENCH_DATABASE_URL, writes its section
of docs/BENCHMARKS.md) or by bench/run.py (`--json`, on run.py's database).
"""

import io
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNATORIES = 200
SECTION_TITLE = "## Letters in Arabic and Chinese"
TEMPLATE = "open-letter-security-council"

# The letter in each language: the same text, written in it (English for reference).
LETTERS = {
    "ar": {
        "name": "Arabic",
        "title": "رسالة مفتوحة إلى مجلس الأمن التابع للأمم المتحدة بشأن حماية المدنيين في جمهورية أفريقيا الوسطى",
        "subject": "حماية المدنيين في جمهورية أفريقيا الوسطى",
        "issued_by": "ائتلاف المنظمات غير الحكومية من أجل المسؤولية عن الحماية",
        "concerned_region": "وسط أفريقيا",
        "salutation": "أصحاب السعادة،",
        "valediction": "وتفضلوا بقبول فائق الاحترام،",
        "opening": [
            "نحن، منظمات المجتمع المدني الموقعة أدناه، نكتب إليكم لنحثّ مجلس الأمن على التحرك العاجل لحماية "
            "السكان المدنيين في جمهورية أفريقيا الوسطى، وفاءً بالالتزام الذي قطعته الدول الأعضاء كافة بموجب مبدأ "
            "المسؤولية عن الحماية.",
        ],
        "situation": [
            "لقد تدهور الوضع الإنساني تدهوراً خطيراً خلال الأشهر الماضية. ووفقاً لتقارير الأمم المتحدة، قُتل أكثر "
            "من ألفي مدني منذ كانون الأول/ديسمبر، ونزح ما يزيد على سبعمائة ألف شخص من ديارهم، ولجأ عشرات الآلاف "
            "إلى البلدان المجاورة.",
            "وتواصل الجماعات المسلحة استهداف المدنيين على أساس انتمائهم الديني، وقد دُمّرت قرى بأكملها وأُحرقت دور "
            "العبادة. ولا تزال النساء والأطفال يتعرضون للعنف الجنسي، في ظل انهيار شبه تام لمؤسسات العدالة والأمن.",
            "إن القوات الأفريقية والفرنسية المنتشرة حالياً، رغم جهودها، غير كافية لحماية المدنيين في أنحاء البلاد "
            "كافة، وتفتقر إلى العنصر المدني اللازم لإعادة بناء سيادة القانون.",
        ],
        "closing": [
            "إن تكلفة التقاعس ستكون أعلى بكثير من تكلفة التحرك، سواء بالنسبة إلى المجتمع الدولي أو بالنسبة إلى "
            "السكان المهددين الذين لا ملجأ لهم سوى الأمم المتحدة. ونحن على استعداد لتزويدكم بأي معلومات إضافية.",
        ],
        "asks": [
            "أن يأذن المجلس دون إبطاء بنشر بعثة قوية لحفظ السلام تابعة للأمم المتحدة، تكون حماية المدنيين في صدارة "
            "أولوياتها.",
            "أن يضمن المجلس تزويد البعثة بعنصر مدني قوي لرصد انتهاكات حقوق الإنسان والإبلاغ عنها علناً.",
            "أن يفرض المجلس عقوبات محددة الهدف على المسؤولين عن الجرائم الجسيمة، وأن يدعم جهود المساءلة الوطنية "
            "والدولية.",
        ],
        "given": [
            "محمد",
            "أحمد",
            "فاطمة",
            "عائشة",
            "علي",
            "حسن",
            "مريم",
            "خديجة",
            "يوسف",
            "ليلى",
            "عمر",
            "سلمى",
            "خالد",
            "نور",
            "إبراهيم",
            "هدى",
            "سامي",
            "رنا",
            "طارق",
            "زينب",
        ],
        "family": [
            "العلي",
            "الحسيني",
            "المصري",
            "الخطيب",
            "النجار",
            "حداد",
            "الشامي",
            "البغدادي",
            "التونسي",
            "المغربي",
        ],
        "organization": "{kind} {topic} في {city}",
        "kinds": ["جمعية", "مركز", "مؤسسة", "شبكة", "رابطة"],
        "topics": ["حقوق الإنسان", "الدفاع عن الحريات", "دراسات السلام", "حماية الطفولة", "العدالة الانتقالية"],
        "person_titles": ["المدير التنفيذي", "رئيس مجلس الإدارة", "المنسق العام"],
        "cities": [
            ("القاهرة", "EG"),
            ("بيروت", "LB"),
            ("عمّان", "JO"),
            ("تونس", "TN"),
            ("الرباط", "MA"),
            ("الخرطوم", "SD"),
            ("بغداد", "IQ"),
            ("الدوحة", "QA"),
        ],
    },
    "zh-hans": {
        "name": "Chinese",
        "title": "就中非共和国平民保护问题致联合国安全理事会的公开信",
        "subject": "中非共和国的平民保护",
        "issued_by": "保护责任非政府组织联盟",
        "concerned_region": "中部非洲",
        "salutation": "尊敬的各位阁下：",
        "valediction": "谨致崇高的敬意。",
        "opening": [
            "我们，以下署名的民间社会组织，谨致函各位，敦促安全理事会根据所有会员国一致认可的保护责任原则，"
            "立即采取行动保护中非共和国的平民。",
        ],
        "situation": [
            "过去几个月来，人道主义局势严重恶化。根据联合国的报告，自去年十二月以来已有两千多名平民遇害，"
            "七十多万人被迫离开家园，数万人逃往邻国避难。",
            "武装团体继续以宗教信仰为由袭击平民，整个村庄被摧毁，礼拜场所被焚烧。妇女和儿童持续遭受性暴力，"
            "而司法和安全机构几乎完全瓦解。",
            "目前部署的非洲联盟部队和法国部队虽然尽了努力，但不足以保护全国各地的平民，也缺乏重建法治所需的文职部门。",
        ],
        "closing": [
            "不作为的代价远高于行动的代价，无论对国际社会，还是对唯有联合国可以依靠的受威胁民众而言都是如此。"
            "我们随时准备向各位提供进一步的信息。",
        ],
        "asks": [
            "立即授权部署一支以保护平民为首要任务的强有力的联合国维持和平特派团。",
            "确保特派团拥有强有力的文职部门，负责监测和公开报告侵犯人权行为。",
            "对严重罪行的责任人实施有针对性的制裁，并支持国家和国际问责努力。",
        ],
        "given": ["伟", "芳", "秀英", "敏", "静", "立华", "建国", "晓明", "海燕", "志强"],
        "family": [
            "王",
            "李",
            "张",
            "刘",
            "陈",
            "杨",
            "黄",
            "赵",
            "吴",
            "周",
            "徐",
            "孙",
            "马",
            "朱",
            "胡",
            "郭",
            "何",
            "高",
            "林",
            "罗",
        ],
        "name_order": "family first",
        "organization": "{city}{topic}{kind}",
        "kinds": ["协会", "中心", "基金会", "联盟", "研究所"],
        "topics": ["人权", "和平研究", "儿童保护", "妇女权益", "法治"],
        "person_titles": ["执行主任", "理事长", "总协调人"],
        "cities": [
            ("北京", "CN"),
            ("上海", "CN"),
            ("广州", "CN"),
            ("香港", "HK"),
            ("新加坡", "SG"),
            ("吉隆坡", "MY"),
            ("曼谷", "TH"),
            ("雅加达", "ID"),
        ],
    },
    "en": {
        "name": "English (the same letter, for reference)",
        "title": "Open letter to the UN Security Council on the protection of civilians in the Central African "
        "Republic",
        "subject": "Protection of civilians in the Central African Republic",
        "issued_by": "NGO Coalition for the Responsibility to Protect",
        "concerned_region": "Central Africa",
        "salutation": "Your Excellencies,",
        "valediction": "Yours sincerely,",
        "opening": [
            "We, the undersigned civil society organizations, write to urge the Security Council to act without "
            "delay to protect the civilian population of the Central African Republic, as all Member States "
            "committed to do under the Responsibility to Protect.",
        ],
        "situation": [
            "The humanitarian situation has gravely deteriorated in recent months. According to the United "
            "Nations, more than two thousand civilians have been killed since December, over seven hundred "
            "thousand people have fled their homes and tens of thousands have sought refuge in neighbouring "
            "countries.",
            "Armed groups continue to target civilians for their religion; whole villages have been destroyed and "
            "places of worship burned. Women and children still suffer sexual violence, while the institutions of "
            "justice and security have all but collapsed.",
            "The African and French forces now deployed, for all their efforts, cannot protect civilians across the "
            "country, and lack the civilian component needed to rebuild the rule of law.",
        ],
        "closing": [
            "The cost of inaction will be far higher than the cost of action, for the international community and "
            "for the people under threat, for whom the United Nations is the only refuge. We stand ready to "
            "provide any further information.",
        ],
        "asks": [
            "Authorize without delay a strong UN peacekeeping mission whose first priority is the protection of "
            "civilians.",
            "Ensure that the mission has a strong civilian component to monitor human rights violations and report "
            "on them publicly.",
            "Impose targeted sanctions on those responsible for serious crimes, and support national and "
            "international accountability.",
        ],
        "given": [
            "Anna",
            "James",
            "Maria",
            "David",
            "Sarah",
            "Peter",
            "Laura",
            "Michael",
            "Emma",
            "Daniel",
            "Grace",
            "Thomas",
            "Alice",
            "Samuel",
            "Ruth",
            "Joseph",
            "Helen",
            "Paul",
            "Clara",
            "John",
        ],
        "family": ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts", "Walker"],
        "organization": "{city} {topic} {kind}",
        "kinds": ["Association", "Centre", "Foundation", "Network", "League"],
        "topics": ["Human Rights", "Civil Liberties", "Peace Studies", "Child Protection", "Transitional Justice"],
        "person_titles": ["Executive Director", "Chair of the Board", "General Coordinator"],
        "cities": [
            ("London", "GB"),
            ("Dublin", "IE"),
            ("Nairobi", "KE"),
            ("Accra", "GH"),
            ("Toronto", "CA"),
            ("Sydney", "AU"),
            ("Lagos", "NG"),
            ("Kampala", "UG"),
        ],
    },
}


def letter_data(language: str, signatories: int = SIGNATORIES) -> dict:
    """The letter in ``language``, shaped like the example files (letters.services.letter_create_from_data)."""
    text = LETTERS[language]
    rows = []
    for i in range(signatories):
        given, family = (
            text["given"][i % len(text["given"])],
            text["family"][i // len(text["given"]) % len(text["family"])],
        )
        city, country = text["cities"][i % len(text["cities"])]
        organization = text["organization"].format(
            kind=text["kinds"][i % len(text["kinds"])],
            topic=text["topics"][i // len(text["kinds"]) % len(text["topics"])],
            city=city,
        )
        rows.append(
            {
                "organization": organization,
                "city": city,
                "country": country,
                "role": "cosigner",
                "person_name": f"{family}{given}" if text.get("name_order") == "family first" else f"{given} {family}",
                "person_title": text["person_titles"][i % len(text["person_titles"])],
            }
        )
    return {
        "slug": f"bench-lang-{language}",
        "template": TEMPLATE,
        "language": language,
        "status": "published",
        "date": date(2026, 3, 3),
        "concerned_country": "CF",
        **{
            field: text[field]
            for field in (
                "title",
                "subject",
                "issued_by",
                "concerned_region",
                "salutation",
                "valediction",
                "opening",
                "situation",
                "closing",
            )
        },
        "ask": [{"text": ask, "by_when": ""} for ask in text["asks"]],
        "signatory": rows,
    }


def create_letter(language: str):
    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.services import letter_create_from_data

    Letter.objects.filter(slug=f"bench-lang-{language}").delete()
    return letter_create_from_data(data=letter_data(language))


def pdf_facts(content: bytes) -> dict:
    """Pages, and the font faces the PDF embeds (their subset prefix dropped)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            name = str(font.get_object().get("/BaseFont", ""))
            fonts.add(re.sub(r"^/([A-Z]{6}\+)?", "", name))
    return {"pages": len(reader.pages), "fonts": sorted(f for f in fonts if f)}


def measure() -> dict:
    import time

    import pdf_export
    from delivery_pack import machine_busy_s, worker_cpu_s
    from django.test import Client
    from django.urls import reverse
    from run import machine

    from r2p_letters.printing import pdf

    pdf.render_pdf("<p>start</p>", title="start", language="en")  # the pool starts before the figures
    load_before = pdf_export.load_average()
    busy, own, workers_cpu, wall = machine_busy_s(), time.process_time(), worker_cpu_s(), time.perf_counter()
    rows = []
    for language in ("en", "ar", "zh-hans"):
        letter = create_letter(language)
        figures = pdf_export.letter_download_figures(letter)
        facts = pdf_facts(Client().get(reverse("letters:pdf", args=[letter.slug])).content)
        rows.append(
            {"language": language, "name": LETTERS[language]["name"], "signatories": SIGNATORIES, **figures, **facts}
        )
        print(
            f"  {language}: cold {figures['cold_median_ms']:.0f} ms, cached {figures['cached_median_ms']:.1f} ms, "
            f"{facts['pages']} pages, fonts {', '.join(facts['fonts'])}",
            file=sys.stderr,
            flush=True,
        )
    # What other processes took meanwhile: the machine's busy time less this process's and the workers'.
    own = time.process_time() - own + (worker_cpu_s() - workers_cpu if workers_cpu is not None else 0)
    others_share = max(0.0, machine_busy_s() - busy - own) / ((time.perf_counter() - wall) * os.cpu_count())
    info = machine()
    return {
        "others_share": others_share,
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "rows": rows,
        "machine": f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}, WeasyPrint {info['weasyprint']}",
        "load_before": load_before,
        "load_after": pdf_export.load_average(),
        "cold_runs": pdf_export.COLD_RUNS,
        "cached_runs": pdf_export.CACHED_RUNS,
    }


def report_section(figures: dict) -> list[str]:
    """The "Letters in Arabic and Chinese" section of docs/BENCHMARKS.md."""
    import pdf_export

    others = figures["others_share"]
    verdict = (
        f"other processes took {others:.0%} of the {os.cpu_count()} cores meanwhile (the machine's busy "
        "time less this process's and the PDF workers'): "
        + ("a quiet machine" if others < 0.1 else "a shared machine, and the cold times exceed the app's own")
    )
    lines = [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}. Load average (1, 5, 15 min) "
        f"{figures['load_before']} before, {figures['load_after']} after; {verdict}.",
        "",
        f"`bench/languages.py`: one letter per language, written in its script (title, subject, five paragraphs, "
        f"three asks, {SIGNATORIES} signatories with names, titles, organizations and cities in the script), on the "
        'built-in template "Open letter to the Security Council", the same letter in English for reference. '
        "Downloaded like the padded letters above (the PDF view through Django's test client, DEBUG off): cold, "
        f"the PDF cache emptied before each download, the worker pool already started (median of "
        f"{figures['cold_runs']}); cached, the same download again (median of {figures['cached_runs']}); 304, "
        "with the ETag.",
        "",
        "| Letter | Pages | Cold (ms) | all cold runs (ms) | Cached (ms) | Cached, slowest (ms) | 304 (ms) "
        "| PDF (KB) | Fonts embedded |",
        "|---|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    for row in figures["rows"]:
        runs = ", ".join(f"{s:.0f}" for s in row["cold_all_ms"])
        lines.append(
            f"| {row['name']} | {row['pages']} | {row['cold_median_ms']:.0f} | {runs} "
            f"| {row['cached_median_ms']:.1f} | {row['cached_max_ms']:.1f} "
            f"| {row['not_modified_median_ms']:.1f} | {row['pdf_kb']:.0f} | {', '.join(row['fonts'])} |"
        )
    worst = max(row["cached_median_ms"] for row in figures["rows"])
    lines += [
        "",
        "The first cold download in a script also loads that script's font files into the worker (the first "
        "of the cold runs).",
        "",
        f"Target (issue 5): a cached PDF served in under {pdf_export.TARGET_CACHED_MS} ms. Slowest cached median: "
        f"{worst:.1f} ms, {'met' if worst < pdf_export.TARGET_CACHED_MS else 'NOT met'}.",
        "",
    ]
    return lines


def not_measured(message: str) -> list[str]:
    return [SECTION_TITLE, "", message[0].upper() + message[1:], ""]


def main() -> None:
    import pdf_export
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "Arabic and Chinese letters, cold and cached",
        measure,
        lambda figures: pdf_export.write_section(report_section(figures), SECTION_TITLE),
    )


if __name__ == "__main__":
    main()
