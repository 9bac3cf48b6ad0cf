"""Build the time gold set (tests/gold/time/*.tsv) from sentence frames and expressions.

Every sentence is written for khabar (no outlet's text).  Expected values come from
plain date arithmetic in this file, written independently of the tagger: the oracle
for 'يوم الجمعة الماضي' is 'the last Friday strictly before the reference', and so on.
Hand-checked rows for harder phenomena live in hand.tsv (not generated).

    python tests/gold/time/build_gold.py     # rewrites the generated *.tsv files
"""
from __future__ import annotations

import calendar
import csv
import itertools
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = ["id", "phenomenon", "region", "ref", "prefer", "sentence", "expr", "type", "value", "status", "note"]

# Sentence frames per region: {X} is where the expression goes.  Written for khabar.
FRAMES = {
    "eg": [
        "أعلنت وزارة الصحة المصرية {X} تسجيل إصابات جديدة في محافظة الجيزة.",
        "افتتح رئيس الوزراء المصري {X} محطة لتحلية المياه في العلمين الجديدة.",
        "قررت محكمة جنايات القاهرة {X} تأجيل نظر القضية إلى جلسة لاحقة.",
        "شهدت أسعار الذهب في الأسواق المصرية {X} ارتفاعاً ملحوظاً بحسب شعبة المعادن.",
    ],
    "gulf": [
        "استقبل ولي العهد في الرياض {X} وفداً اقتصادياً من كوريا الجنوبية.",
        "أعلن المركز الوطني للأرصاد في أبوظبي {X} عن موجة غبار تضرب المناطق الشمالية.",
        "وقّعت قطر والكويت {X} مذكرة تفاهم للتعاون في مجال الطاقة المتجددة.",
        "أطلقت هيئة الطيران المدني في مسقط {X} خطاً جوياً جديداً نحو صلالة.",
    ],
    "lev": [
        "عقد مجلس الوزراء اللبناني {X} جلسة استثنائية في السراي الحكومي ببيروت.",
        "أعلنت وزارة التربية الأردنية {X} موعد امتحانات الثانوية العامة في عمّان.",
        "شهدت مدينة حلب {X} عودة التيار الكهربائي إلى عدد من الأحياء الشرقية.",
        "وصلت قافلة مساعدات إنسانية إلى مدينة غزة {X} عبر معبر كرم أبو سالم.",
    ],
    "iq": [
        "أعلنت خلية الإعلام الأمني في بغداد {X} إحباط هجوم على نقطة تفتيش قرب سامراء.",
        "صوّت مجلس النواب العراقي {X} على قانون الموازنة العامة للدولة.",
        "افتتح محافظ البصرة {X} جسراً جديداً يربط ضفتي شط العرب.",
        "استأنفت الخطوط الجوية العراقية {X} رحلاتها إلى مطار أربيل الدولي.",
    ],
    "mag": [
        "صادق مجلس النواب المغربي {X} على مشروع قانون المالية بالرباط.",
        "أعلنت وزارة الداخلية التونسية {X} تفكيك خلية في ولاية القصرين.",
        "استقبل الرئيس الجزائري {X} وزير الخارجية الموريتاني بقصر المرادية.",
        "انطلقت في الدار البيضاء {X} فعاليات المعرض الدولي للنشر والكتاب.",
    ],
}
FUTURE_FRAMES = {
    "eg": "من المقرر أن يفتتح الرئيس المصري المتحف الجديد {X} بحضور وفود أجنبية.",
    "gulf": "سيعقد مجلس التعاون الخليجي قمته المقبلة {X} في العاصمة البحرينية المنامة.",
    "lev": "ستستضيف دمشق {X} معرضاً للصناعات الغذائية بمشاركة شركات عربية.",
    "iq": "سيزور رئيس الوزراء العراقي طهران {X} لبحث ملف المياه والطاقة.",
    "mag": "ستنطلق الانتخابات البلدية في تونس {X} وفق ما أعلنته هيئة الانتخابات.",
}
MONTHS = {
    "eg": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "gulf": ["يناير", "فبراير", "مارس", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "lev": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"],
    "iq": ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"],
    "mag": ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    "ma": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
}
DOUBLE = ["يناير/ كانون الثاني", "فبراير/ شباط", "مارس/ آذار", "أبريل/ نيسان", "مايو/ أيار", "يونيو/ حزيران",
          "يوليو/ تموز", "أغسطس/ آب", "سبتمبر/ أيلول", "أكتوبر/ تشرين الأول", "نوفمبر/ تشرين الثاني", "ديسمبر/ كانون الأول"]
WEEKDAYS = {1: "الاثنين", 2: "الثلاثاء", 3: "الأربعاء", 4: "الخميس", 5: "الجمعة", 6: "السبت", 7: "الأحد"}
REFS = [date(2024, 3, 14), date(2025, 8, 20), date(2023, 11, 5), date(2022, 6, 30), date(2026, 1, 12),
        date(2021, 12, 28), date(2025, 2, 12), date(2024, 9, 2)]
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def iso(d: date) -> str:
    return d.isoformat()


def last_weekday(ref: date, wd: int, strict: bool) -> date:
    back = (ref.isoweekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return ref - timedelta(days=back)


def next_weekday(ref: date, wd: int, strict: bool) -> date:
    ahead = (wd - ref.isoweekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return ref + timedelta(days=ahead)


def add_months(d: date, n: int) -> tuple[int, int]:
    k = d.year * 12 + d.month - 1 + n
    return k // 12, k % 12 + 1


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def rows() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"absolute": [], "relative": [], "durations": [], "clock": []}
    regions = list(FRAMES)
    cyc = itertools.cycle(range(4))
    refc = itertools.cycle(REFS)

    def add(file: str, phen: str, region: str, ref: date | None, expr: str, typ: str, value: str,
            prefer: str = "past", frame: str | None = None) -> None:
        fr = frame or FRAMES[region][next(cyc)]
        out[file].append({
            "phenomenon": phen, "region": region, "ref": iso(ref) if ref else "", "prefer": prefer,
            "sentence": fr.replace("{X}", expr), "expr": expr, "type": typ, "value": value,
            "status": "ok", "note": "",
        })

    # --- absolute: day month year across month families
    days = [1, 3, 7, 9, 12, 15, 18, 21, 24, 28]
    for i, (region, mi) in enumerate(itertools.product(["eg", "gulf", "lev", "iq", "mag", "ma"], range(12))):
        y = 2015 + (i % 11)
        d = days[i % len(days)]
        names = MONTHS[region]
        fr_region = "mag" if region == "ma" else region
        expr = f"{d} {names[mi]} {y}"
        if i % 5 == 0:
            expr = f"{d} من {names[mi]} {y}"
        if i % 7 == 3:
            expr = expr.translate(AR_DIGITS)
        add("absolute", "date.dmy", fr_region, next(refc), expr, "date", f"{y}-{mi + 1:02d}-{d:02d}")
    # double month names, as Levant/pan-Arab outlets write them
    for mi in range(12):
        y = 2020 + mi % 6
        add("absolute", "date.dmy.double", regions[mi % 5], next(refc), f"{days[mi % 10]} {DOUBLE[mi]} {y}", "date",
            f"{y}-{mi + 1:02d}-{days[mi % 10]:02d}")
    # month + year
    for i, (region, mi) in enumerate(itertools.product(["eg", "lev", "mag"], range(0, 12, 2))):
        y = 2010 + i
        name = MONTHS[region][mi]
        expr = f"{name} {y}" if i % 3 else f"شهر {name} {y}"
        add("absolute", "date.month_year", region, next(refc), expr, "date", f"{y}-{mi + 1:02d}")
    for mi in range(0, 12, 3):
        add("absolute", "date.month_year.double", "lev", next(refc), f"{DOUBLE[mi]} {2019 + mi // 3}", "date",
            f"{2019 + mi // 3}-{mi + 1:02d}")
    # numeric and ISO
    for i in range(14):
        d = date(2016, 1, 1) + timedelta(days=173 * i + 11)
        if i % 3 == 0:
            expr, region = d.isoformat(), "gulf"
        elif i % 3 == 1:
            expr, region = f"{d.day}/{d.month}/{d.year}", regions[i % 5]
        else:
            expr, region = f"{d.day:02d}-{d.month:02d}-{d.year}", regions[i % 5]
        if i % 4 == 1:
            expr = expr.translate(AR_DIGITS)
        add("absolute", "date.numeric", region, next(refc), expr, "date", iso(d))
    # English-style dates in Arabic pages
    for i, (d, fmt) in enumerate([(date(2025, 2, 12), "{d}th, {M} {y}"), (date(2023, 7, 4), "{M} {d}, {y}"),
                                  (date(2024, 11, 21), "{d} {M} {y}"), (date(2022, 1, 30), "{M} {d}, {y}")]):
        expr = fmt.format(d=d.day, M=calendar.month_name[d.month], y=d.year)
        add("absolute", "date.english", regions[i], next(refc), f"{expr}", "date", iso(d),
            frame="تاريخ النشر: {X} GMT")
    # years
    for i, y in enumerate([2019, 2014, 2003, 2011, 1990, 2008, 2021, 2016]):
        region = regions[i % 5]
        if i % 2 == 0:
            add("absolute", "year", region, next(refc), f"عام {y}", "date", f"{y}")
        else:
            add("absolute", "year.since", region, next(refc), f"منذ عام {y}", "interval", f"{y}")
    # --- relative: today / yesterday / tomorrow
    simple = [("اليوم", 0), ("أمس", -1), ("غداً", 1), ("بعد غد", 2), ("أول أمس", -2)]
    for i, ((w, off), ref) in enumerate(itertools.product(simple, REFS[:6])):
        typ = "date"
        add("relative", "relday", regions[i % 5], ref, w, typ, iso(ref + timedelta(days=off)))
    for i, ref in enumerate(REFS):
        add("relative", "relday.pod", regions[i % 5], ref, "صباح اليوم", "datetime", iso(ref) + "TMO")
        add("relative", "relday.pod", regions[(i + 1) % 5], ref, "مساء أمس", "datetime", iso(ref - timedelta(days=1)) + "TEV")
    # today / yesterday with the weekday named
    for i, ref in enumerate(REFS):
        add("relative", "weekday.today", regions[i % 5], ref, f"اليوم {WEEKDAYS[ref.isoweekday()]}", "date", iso(ref))
        y = ref - timedelta(days=1)
        add("relative", "weekday.yesterday", regions[(i + 2) % 5], ref, f"أمس {WEEKDAYS[y.isoweekday()]}", "date", iso(y))
    # last / next weekday
    for i, (ref, wd) in enumerate(itertools.product(REFS[:6], [1, 3, 5, 7])):
        region = regions[i % 5]
        name = WEEKDAYS[wd]
        if i % 4 == 0:
            add("relative", "weekday.last", region, ref, f"يوم {name} الماضي", "date", iso(last_weekday(ref, wd, True)))
        elif i % 4 == 1:
            adj = "الماضية" if wd == 5 else "الماضي"
            add("relative", "weekday.last", region, ref, f"{name} {adj}", "date", iso(last_weekday(ref, wd, True)))
        elif i % 4 == 2:
            adj = "المقبلة" if wd == 5 else "المقبل"
            add("relative", "weekday.next", region, ref, f"{name} {adj}", "date", iso(next_weekday(ref, wd, True)),
                frame=FUTURE_FRAMES[region])
        else:
            add("relative", "weekday.next", region, ref, f"يوم {name} القادم", "date", iso(next_weekday(ref, wd, True)),
                frame=FUTURE_FRAMES[region])
    # bare weekday: past by default, future under a future cue
    for i, (ref, wd) in enumerate(itertools.product(REFS[:5], [2, 4, 6])):
        region = regions[i % 5]
        add("relative", "weekday.bare.past", region, ref, WEEKDAYS[wd], "date", iso(last_weekday(ref, wd, False)))
        add("relative", "weekday.bare.future", region, ref, WEEKDAYS[wd], "date", iso(next_weekday(ref, wd, False)),
            frame=FUTURE_FRAMES[region])
    # this / last / next week, month, year
    for i, ref in enumerate(REFS[:6]):
        region = regions[i % 5]
        add("relative", "relunit.week", region, ref, "الأسبوع الماضي", "date", week_value(ref - timedelta(days=7)))
        add("relative", "relunit.week", region, ref, "الأسبوع المقبل", "date", week_value(ref + timedelta(days=7)),
            frame=FUTURE_FRAMES[region])
        y, m = add_months(ref, -1)
        add("relative", "relunit.month", region, ref, "الشهر الماضي", "date", f"{y}-{m:02d}")
        y, m = add_months(ref, 1)
        add("relative", "relunit.month", region, ref, "الشهر المقبل", "date", f"{y}-{m:02d}", frame=FUTURE_FRAMES[region])
        add("relative", "relunit.year", region, ref, "العام الماضي", "date", f"{ref.year - 1}")
        add("relative", "relunit.year", region, ref, "العام الجاري", "date", f"{ref.year}")
        add("relative", "relunit.year", region, ref, "السنة المقبلة", "date", f"{ref.year + 1}", frame=FUTURE_FRAMES[region])
        add("relative", "relunit.year", region, ref, "هذا العام", "date", f"{ref.year}")
    # ago / since / after
    ago = [("قبل يومين", -2, "D"), ("منذ ثلاثة أيام", -3, "D"), ("قبل أسبوع", -7, "D"), ("قبل أسبوعين", -14, "D"),
           ("منذ خمسة أيام", -5, "D"), ("قبل شهرين", -2, "MO"), ("منذ ثلاثة أشهر", -3, "MO"), ("قبل عامين", -2, "Y"),
           ("منذ عشر سنوات", -10, "Y"), ("بعد ثلاثة أيام", 3, "D"), ("بعد أسبوع", 7, "D"), ("بعد شهر", 1, "MO")]
    for i, ((expr, n, unit), ref) in enumerate(zip(ago * 2, itertools.cycle(REFS))):
        region = regions[i % 5]
        if unit == "D":
            v = iso(ref + timedelta(days=n))
        elif unit == "MO":
            y, m = add_months(ref, n)
            v = f"{y}-{m:02d}"
        else:
            v = f"{ref.year + n}"
        frame = None
        if n > 0:  # 'بعد ثلاثة أيام' counts from the reference in a text about what is coming; after a
            next(cyc)  # past verb it counts from the happening just told (a duration)
            frame = FUTURE_FRAMES[region]
        add("relative", "offset", region, ref, expr, "date", v, frame=frame)
    # part of month / year
    for i, ref in enumerate(REFS[:6]):
        region = regions[i % 5]
        y, m = add_months(ref, -1)
        add("relative", "part.rel", region, ref, "أواخر الشهر الماضي", "date", f"{y}-{m:02d}")
        add("relative", "part.rel", region, ref, "نهاية العام الجاري", "date", f"{ref.year}")
        add("relative", "part.rel", region, ref, "مطلع العام المقبل", "date", f"{ref.year + 1}", frame=FUTURE_FRAMES[region])
        mi = (ref.month - 3) % 12 + 1  # a month two back: past reading is this year or last
        py = ref.year if mi <= ref.month else ref.year - 1
        add("relative", "part.month", region, ref, f"منتصف {MONTHS['eg'][mi - 1]}", "date", f"{py}-{mi:02d}")
        add("relative", "month.bare", regions[(i + 3) % 5], ref, f"{MONTHS['lev'][mi - 1]}", "date", f"{py}-{mi:02d}",
            frame="كان الاتفاق قد وُقّع في {X} بعد مفاوضات طويلة في عمّان.")
    for i, (expr, v) in enumerate([("أوائل مارس 2024", "2024-03"), ("منتصف آب 2021", "2021-08"),
                                   ("أواخر أكتوبر 2019", "2019-10"), ("مطلع 2023", "2023"), ("نهاية عام 2020", "2020")]):
        add("absolute", "part.absolute", regions[i], next(refc), expr, "date", v)
    # --- durations
    durs = [("ثلاث ساعات", "PT3H"), ("ساعة ونصف", "PT1H30M"), ("90 دقيقة", "PT1H30M"), ("30 يوماً", "P30D"),
            ("عشرة أيام", "P10D"), ("من 6 إلى 7 ساعات", "PT6H/PT7H"), ("لنحو ثلاث ساعات", "PT3H"),
            ("لمدة شهر", "P1M"), ("خمس سنوات", "P5Y"), ("يومين", "P2D"), ("نصف ساعة", "PT30M"), ("45 دقيقة", "PT45M"),
            ("أسبوعين", "P2W"), ("أكثر من 90 دقيقة", "PT1H30M"), ("ثماني ساعات", "PT8H"), ("ستة أشهر", "P6M"),
            ("عشرين عاماً", "P20Y"), ("ساعتين", "PT2H"), ("لمدة 72 ساعة", "PT72H"), ("ثلاثة أسابيع", "P3W"),
            ("خمسة وعشرين عاماً", "P25Y"), ("ربع ساعة", "PT15M"), ("عقدين", "P2DE"), ("أربعة أيام", "P4D")]
    dframes = ["استمرت المفاوضات {X} دون التوصل إلى اتفاق نهائي.", "توقفت حركة الملاحة في الميناء {X} بسبب سوء الأحوال الجوية.",
               "أمضى الوفد {X} في جولة على المواقع المتضررة.", "انقطع التيار الكهربائي عن العاصمة {X} متواصلة."]
    for i, (expr, v) in enumerate(durs):
        for j in range(2):
            add("durations", "duration", regions[(i + j) % 5], REFS[(i + j) % 8], expr, "duration", v,
                frame=dframes[(i + j) % 4])
    for i, (expr, v) in enumerate([("خلال عشرة أيام", "P10D"), ("في غضون أسبوع", "P1W"), ("خلال شهرين", "P2M"),
                                   ("في غضون ثلاثة أيام", "P3D"), ("خلال خمس سنوات", "P5Y"), ("خلال أسبوعين", "P2W")]):
        for j in range(2):
            add("durations", "interval.within", regions[(i + j) % 5], REFS[(i + j) % 8], expr, "interval", v,
                frame="تعهدت الحكومة بتسليم الوحدات السكنية {X} للأسر المتضررة.")
    # --- clock times
    clocks = [("الساعة الخامسة مساء", "T17:00"), ("العاشرة صباحاً", "T10:00"), ("الساعة 14:00", "T14:00"),
              ("التاسعة والنصف مساءً", "T21:30"), ("الساعة الثامنة صباحا", "T08:00"), ("الساعة 9 مساء", "T21:00"),
              ("الساعة الواحدة ظهراً", "T13:00"), ("السابعة والربع صباحاً", "T07:15"), ("الساعة 22:30", "T22:30"),
              ("الساعة الثالثة فجراً", "T03:00"), ("الحادية عشرة ليلاً", "T23:00"), ("الساعة السادسة إلا ربعاً مساء", "T17:45")]
    cframes = ["انطلقت المسيرة {X} من أمام مبنى البلدية.", "دوّت صافرات الإنذار في المدينة {X} وفق شهود عيان.",
               "بدأ التصويت في مراكز الاقتراع {X} وسط إقبال متوسط."]
    for i, (expr, v) in enumerate(clocks):
        for j in range(2):
            add("clock", "time.clock", regions[(i + j) % 5], REFS[i % 8], expr, "time", v, frame=cframes[(i + j) % 3])
    zoned = [("14:00 بتوقيت غرينتش", "T14:00Z"), ("الساعة الخامسة مساء بتوقيت موسكو", "T14:00Z"),
             ("الساعة 18:00 بتوقيت مكة المكرمة", "T15:00Z"), ("العاشرة مساء بتوقيت القاهرة", None),
             ("الساعة 11:00 بتوقيت غرينتش", "T11:00Z"), ("الساعة الثامنة صباحاً بتوقيت الرياض", "T05:00Z")]
    for i, (expr, v) in enumerate(zoned):
        ref = REFS[i]
        if v is None:  # a zone with daylight saving: needs the date; the oracle uses Cairo's rules
            from datetime import datetime
            from zoneinfo import ZoneInfo
            u = datetime(ref.year, ref.month, ref.day, 22, 0, tzinfo=ZoneInfo("Africa/Cairo")).astimezone(ZoneInfo("UTC"))
            add("clock", "datetime.zone", regions[i % 5], ref, f"اليوم {expr}", "datetime", f"{u.date()}T{u.hour:02d}:{u.minute:02d}Z")
            continue
        add("clock", "time.zone", regions[i % 5], ref, expr, "time", v, frame=cframes[i % 3])
    for i, ref in enumerate(REFS[:6]):
        d = ref - timedelta(days=1)
        add("clock", "datetime.relday", regions[i % 5], ref, "أمس الساعة الرابعة عصراً", "datetime", f"{iso(d)}T16:00",
            frame=cframes[i % 3])
        wd = 2
        dd = last_weekday(ref, wd, False)
        add("clock", "datetime.weekday", regions[(i + 1) % 5], ref, "يوم الثلاثاء الساعة الثامنة مساء بتوقيت غرينتش", "datetime",
            f"{iso(dd)}T20:00Z", frame=cframes[(i + 1) % 3])
    return out


def write(out: dict[str, list[dict]]) -> None:
    header = ("# Time gold set, generated by build_gold.py (sentence frames written for khabar;\n"
              "# expected values from plain date arithmetic in that file).  Do not edit by hand:\n"
              "# edit build_gold.py, or mark a row xfail there, and rebuild.\n")
    for name, rs in out.items():
        with (HERE / f"{name}.tsv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(header)
            w = csv.DictWriter(fh, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
            w.writeheader()
            for i, r in enumerate(rs, 1):
                w.writerow({"id": f"{name}-{i:03d}", **r})


if __name__ == "__main__":
    data = rows()
    write(data)
    print({k: len(v) for k, v in data.items()}, sum(len(v) for v in data.values()))
