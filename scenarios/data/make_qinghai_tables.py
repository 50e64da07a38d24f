#!/usr/bin/python3
"""Writes the default Qinghai tables, qinghai_regions.csv and qinghai_population_margins.csv.

Every derived value comes from a rule in this file; docs/data.md explains each rule and marks
what is a published fact and what is an assumption to calibrate. Standard library only:
    /usr/bin/python3 scenarios/data/make_qinghai_tables.py   # writes next to this script
"""

import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# Inputs. "F" marks a figure from FACTS.md (2020 census, seat altitudes, pairings); everything
# else is an assumption, to calibrate (see docs/data.md).
# ---------------------------------------------------------------------------------------------

PROVINCE = dict(code="qinghai", name="Qinghai", name_zh="青海省", population=5923957)  # F

FIELDS = ["ecology", "salt_lake", "new_energy", "new_materials", "biomedicine", "health",
          "education", "agriculture", "water", "culture_tourism"]

# Talent stock: 299,900 at end 2008 (F) grown at an assumed 3 %/yr for 17 years to 2025,
# rounded to 100; job capacity leaves an assumed 5 % vacancy.
STOCK_2008, GROWTH, YEARS, VACANCY = 299900, 0.03, 17, 0.05
STOCK = round(STOCK_2008 * (1 + GROWTH) ** YEARS, -2)  # 495,700
TOTAL_JOBS = round(STOCK / (1 - VACANCY))

# code, pinyin, Chinese, autonomous prefecture, 2020 population (F), seat county, paired (F)
PREFECTURES = [
    ("xining", "Xining", "西宁市", 0, 2467965, "xining_chengzhong", ""),
    ("haidong", "Haidong", "海东市", 0, 1358471, "haidong_ledu", "jiangsu"),  # Wuxi, east-west
    ("haibei", "Haibei", "海北藏族自治州", 1, 265322, "haibei_haiyan", "shandong"),
    ("huangnan", "Huangnan", "黄南藏族自治州", 1, 276215, "huangnan_tongren", "tianjin"),
    ("hainan", "Hainan", "海南藏族自治州", 1, 446996, "hainan_gonghe", "jiangsu"),
    ("golog", "Golog", "果洛藏族自治州", 1, 215573, "golog_maqen", "shanghai"),
    ("yushu", "Yushu", "玉树藏族自治州", 1, 425199, "yushu_city", "beijing"),
    ("haixi", "Haixi", "海西蒙古族藏族自治州", 1, 468216, "haixi_delingha", "zhejiang"),
]

# County-level units: code, pinyin, Chinese, kind, autonomous county, lat, lon, altitude (m),
# 2020 population (None = not found, split evenly; F where given).
# kind: "urban" = Xining's four urban districts, "city" = other districts and county-level
# cities, "county" = counties. Seat coordinates and altitudes are approximate (assumption)
# except where FACTS gives the altitude (Chengzhong, Ledu ~2,000 assumed, Tongren, Madoi,
# Yushu city, Delingha).
COUNTIES = {
    "xining": [
        ("chengdong", "Chengdong", "城东区", "urban", 0, 36.61, 101.80, 2275, 489372),
        ("chengzhong", "Chengzhong", "城中区", "urban", 0, 36.62, 101.78, 2275, 325813),
        ("chengxi", "Chengxi", "城西区", "urban", 0, 36.63, 101.76, 2275, 326866),
        ("chengbei", "Chengbei", "城北区", "urban", 0, 36.65, 101.77, 2280, 417701),
        # The five districts hold 1,954,795 (F): Huangzhong is that minus the four above.
        ("huangzhong", "Huangzhong", "湟中区", "city", 0, 36.50, 101.57, 2650, 1954795 - 1559752),
        ("huangyuan", "Huangyuan", "湟源县", "county", 0, 36.68, 101.26, 2640, None),
        ("datong", "Datong", "大通回族土族自治县", "county", 1, 36.93, 101.68, 2450, None),
    ],
    "haidong": [
        ("ledu", "Ledu", "乐都区", "city", 0, 36.48, 102.40, 2000, None),
        ("pingan", "Ping'an", "平安区", "city", 0, 36.50, 102.10, 2130, None),
        ("minhe", "Minhe", "民和回族土族自治县", "county", 1, 36.32, 102.80, 1800, None),
        ("huzhu", "Huzhu", "互助土族自治县", "county", 1, 36.84, 101.95, 2480, None),
        ("hualong", "Hualong", "化隆回族自治县", "county", 1, 36.10, 102.26, 2850, None),
        ("xunhua", "Xunhua", "循化撒拉族自治县", "county", 1, 35.85, 102.49, 1880, None),
    ],
    "haibei": [
        ("haiyan", "Haiyan", "海晏县", "county", 0, 36.90, 100.99, 3010, 37729),
        ("qilian", "Qilian", "祁连县", "county", 0, 38.18, 100.25, 2790, 48538),
        ("gangca", "Gangca", "刚察县", "county", 0, 37.33, 100.14, 3300, 40720),
        ("menyuan", "Menyuan", "门源回族自治县", "county", 1, 37.38, 101.62, 2860, 138335),
    ],
    "huangnan": [
        ("tongren", "Tongren", "同仁市", "city", 0, 35.52, 102.02, 2800, 101519),
        ("jainca", "Jainca", "尖扎县", "county", 0, 35.94, 102.03, 2080, 58173),
        ("zekog", "Zekog", "泽库县", "county", 0, 35.04, 101.47, 3700, 75659),
        ("henan", "Henan", "河南蒙古族自治县", "county", 1, 34.73, 101.62, 3600, 40864),
    ],
    "hainan": [
        ("gonghe", "Gonghe", "共和县", "county", 0, 36.28, 100.62, 2850, 133409),
        ("tongde", "Tongde", "同德县", "county", 0, 35.25, 100.58, 3290, 60268),
        ("guide", "Guide", "贵德县", "county", 0, 36.04, 101.43, 2230, 105645),
        ("xinghai", "Xinghai", "兴海县", "county", 0, 35.59, 99.99, 3300, 75833),
        ("guinan", "Guinan", "贵南县", "county", 0, 35.59, 100.75, 3150, 71841),
    ],
    "golog": [
        ("maqen", "Maqen", "玛沁县", "county", 0, 34.48, 100.24, 3720, 58120),
        ("banma", "Banma", "班玛县", "county", 0, 32.93, 100.74, 3530, None),
        ("gade", "Gade", "甘德县", "county", 0, 33.97, 99.90, 4050, None),
        ("darlag", "Darlag", "达日县", "county", 0, 33.75, 99.65, 3960, None),
        ("jigzhi", "Jigzhi", "久治县", "county", 0, 33.43, 101.48, 3630, None),
        ("madoi", "Madoi", "玛多县", "county", 0, 34.92, 98.21, 4300, 14490),
    ],
    "yushu": [
        ("city", "Yushu", "玉树市", "city", 0, 33.00, 97.01, 3689, 141308),
        ("zadoi", "Zadoi", "杂多县", "county", 0, 32.89, 95.30, 4070, None),
        ("chindu", "Chindu", "称多县", "county", 0, 33.37, 97.11, 3750, None),
        ("zhidoi", "Zhidoi", "治多县", "county", 0, 33.85, 95.61, 4180, None),
        ("nangqen", "Nangqen", "囊谦县", "county", 0, 32.20, 96.48, 3640, None),
        ("qumarleb", "Qumarleb", "曲麻莱县", "county", 0, 34.13, 95.80, 4230, None),
    ],
    "haixi": [
        ("golmud", "Golmud", "格尔木市", "city", 0, 36.40, 94.90, 2780, None),
        ("delingha", "Delingha", "德令哈市", "city", 0, 37.37, 97.37, 2982, 88227),
        ("mangnai", "Mangnai", "茫崖市", "city", 0, 38.25, 90.86, 2950, None),
        ("ulan", "Ulan", "乌兰县", "county", 0, 36.93, 98.48, 2950, None),
        ("dulan", "Dulan", "都兰县", "county", 0, 36.30, 98.09, 3190, None),
        ("tianjun", "Tianjun", "天峻县", "county", 0, 37.30, 99.02, 3410, 23203),
    ],
}

# Outside regions: code, name, Chinese, type, capital lat, lon, altitude, 2020 census population
# (rough, from the national census communiqué; not in FACTS), wage, housing, amenity (assumed).
OUTSIDE = [
    ("beijing", "Beijing", "北京市", "paired_province", 39.90, 116.41, 44, 21893095, 1.70, 4.0, 1.0),
    ("shanghai", "Shanghai", "上海市", "paired_province", 31.23, 121.47, 4, 24870895, 1.70, 4.0, 1.0),
    ("tianjin", "Tianjin", "天津市", "paired_province", 39.13, 117.20, 5, 13866009, 1.10, 1.8, 0.8),
    ("jiangsu", "Jiangsu", "江苏省", "paired_province", 32.06, 118.80, 9, 84748016, 1.05, 1.8, 0.8),
    ("zhejiang", "Zhejiang", "浙江省", "paired_province", 30.27, 120.16, 19, 64567588, 1.10, 2.2, 0.8),
    ("shandong", "Shandong", "山东省", "paired_province", 36.65, 117.12, 51, 101527453, 0.90, 1.3, 0.7),
    ("gansu", "Gansu", "甘肃省", "neighbour_province", 36.06, 103.83, 1520, 25019831, 0.85, 0.9, 0.6),
    ("sichuan", "Sichuan", "四川省", "neighbour_province", 30.66, 104.07, 500, 83674866, 0.90, 1.2, 0.7),
    ("xinjiang", "Xinjiang", "新疆维吾尔自治区", "neighbour_province", 43.83, 87.62, 800, 25852345, 0.90, 0.9, 0.6),
    ("tibet", "Tibet", "西藏自治区", "neighbour_province", 29.65, 91.13, 3650, 3648100, 1.30, 1.0, 0.5),
]
# Rest of China: mainland total 1,411,778,724 (2020 census) less Qinghai and the ten above;
# located at Wuhan as a central point (assumption).
CHINA_2020 = 1411778724
REST = ("rest_of_china", "Rest of China", "其他省份", "rest_of_china", 30.59, 114.31, 23, None, 1.00, 1.3, 0.7)

# ---- rules (assumptions, to calibrate) --------------------------------------------------------
GRASSROOTS_ALTITUDE = 3200  # counties at or above this, other than prefecture seats: grassroots
REMOTENESS_WEIGHTS = (0.6, 0.4)  # distance term, altitude term
HARDSHIP_STEPS = [2500, 3000, 3500, 4000, 4500]  # each step passed adds one class
HARDSHIP_REMOTE = 0.5  # remoteness at or above this adds one class
WAGE_TYPE = {"capital_district": 0.15, "city_district": 0.10, "county_town": 0.0, "grassroots": 0.0}
WAGE_PER_HARDSHIP_CLASS = 0.08
HOUSING_TYPE = {"capital_district": 1.6, "city_district": 1.1, "county_town": 0.8, "grassroots": 0.6}
AMENITY_TYPE = {"capital_district": 0.9, "city_district": 0.6, "county_town": 0.35, "grassroots": 0.15}
AMENITY_SEAT = 0.1
DENSITY_TYPE = {"capital_district": 1.6, "city_district": 1.2, "county_town": 1.0, "grassroots": 0.8}
DENSITY_SEAT = 1.25

# Field weights by county type (each row sums to 100), then place bonuses added on top.
FIELD_BASE = {  # ecology salt new_en new_mat biomed health educ agri water cult_tour
    "capital_district": [6, 0.5, 3, 8, 9, 23, 25, 3, 6, 16.5],
    "city_district": [7, 0, 3, 5, 3, 23, 27, 11, 6, 15],
    "county_town": [8, 0, 2, 1, 1, 24, 31, 20, 6, 7],
    "grassroots": [12, 0, 1, 0, 1, 24, 30, 24, 5, 3],
}
FIELD_BONUS_PREFECTURE = {  # Sanjiangyuan ecology and the water order classes; solar and wind
    "golog": {"ecology": 6, "water": 3},
    "yushu": {"ecology": 6, "water": 3},
    "hainan": {"new_energy": 15},
    "haixi": {"new_energy": 15},
}
FIELD_BONUS_COUNTY = {  # salt lakes (Qarhan near Golmud, Mangnai, Delingha), hubs, parks, culture
    "haixi_golmud": {"salt_lake": 25, "new_energy": 8, "new_materials": 6},
    "haixi_mangnai": {"salt_lake": 18},
    "haixi_delingha": {"salt_lake": 10, "new_energy": 6},
    "haixi_ulan": {"salt_lake": 8},
    "haixi_dulan": {"salt_lake": 8},
    "haixi_tianjun": {"salt_lake": 3},
    "hainan_gonghe": {"new_energy": 8},
    "haibei_qilian": {"ecology": 4, "culture_tourism": 4},
    "haibei_gangca": {"ecology": 4, "culture_tourism": 4},
    "haibei_haiyan": {"culture_tourism": 4},
    "hainan_guide": {"culture_tourism": 4},
    "huangnan_tongren": {"culture_tourism": 6},
}

LEVELS = ["high_end", "mid", "junior"]
TITLES = ["none", "junior", "intermediate", "associate_senior", "senior"]
EDUCATIONS = ["college", "bachelor", "master", "doctorate"]
ORIGINS = ["local", "returnee", "outsider", "paired_cadre", "flexible"]
SEXES = ["male", "female"]
AGE_BANDS = ["20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64"]

LEVEL_SHARE = {"high_end": 0.03, "mid": 0.32, "junior": 0.65}
TITLE_GIVEN_LEVEL = {
    "high_end": [0.04, 0.01, 0.10, 0.40, 0.45],
    "mid": [0.10, 0.15, 0.50, 0.22, 0.03],
    "junior": [0.40, 0.45, 0.14, 0.01, 0.00],
}
EDUCATION_GIVEN_TITLE = {  # college (diploma and below), bachelor, master, doctorate
    "none": [0.60, 0.365, 0.034, 0.001],
    "junior": [0.45, 0.48, 0.068, 0.002],
    "intermediate": [0.30, 0.56, 0.132, 0.008],
    "associate_senior": [0.15, 0.57, 0.24, 0.04],
    "senior": [0.05, 0.50, 0.30, 0.15],
}
AGE_GIVEN_TITLE = {
    "none": [0.12, 0.20, 0.17, 0.14, 0.12, 0.10, 0.08, 0.05, 0.02],
    "junior": [0.10, 0.28, 0.22, 0.14, 0.10, 0.07, 0.05, 0.03, 0.01],
    "intermediate": [0.00, 0.06, 0.20, 0.24, 0.20, 0.14, 0.10, 0.05, 0.01],
    "associate_senior": [0.00, 0.005, 0.045, 0.13, 0.22, 0.24, 0.20, 0.13, 0.03],
    "senior": [0.00, 0.00, 0.01, 0.05, 0.13, 0.22, 0.28, 0.23, 0.08],
}
# local, returnee, outsider, flexible; paired_cadre is set separately and taken from outsider.
ORIGIN_GIVEN_PREFECTURE = {
    "xining": [0.62, 0.12, 0.22, 0.04],
    "haidong": [0.72, 0.12, 0.13, 0.03],
    "haibei": [0.66, 0.10, 0.21, 0.03],
    "huangnan": [0.70, 0.10, 0.17, 0.03],
    "hainan": [0.66, 0.10, 0.20, 0.04],
    "golog": [0.66, 0.08, 0.23, 0.03],
    "yushu": [0.68, 0.08, 0.21, 0.03],
    "haixi": [0.55, 0.08, 0.33, 0.04],
}
# About 552 officials in 8 years (F) on ~3-year rotations plus short-term talents: a few hundred
# at a time against a stock of ~500,000, i.e. about 0.1 %; more in the far west.
PAIRED_CADRE_SHARE = {"xining": 0.0001, "haidong": 0.0008, "haibei": 0.001, "huangnan": 0.001,
                      "hainan": 0.0008, "golog": 0.0015, "yushu": 0.0015, "haixi": 0.0008}
MALE_GIVEN_FIELD = {"ecology": 0.62, "salt_lake": 0.75, "new_energy": 0.72, "new_materials": 0.70,
                    "biomedicine": 0.50, "health": 0.35, "education": 0.40, "agriculture": 0.62,
                    "water": 0.70, "culture_tourism": 0.48}

UNIT = 1_000_000  # shares are written with six decimals and kept as integer millionths


# ---------------------------------------------------------------------------------------------

def largest_remainder(weights, total):
    """Integers proportional to weights summing exactly to total (ties go to the earlier)."""
    s = sum(weights)
    exact = [w * total / s for w in weights]
    out = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def great_circle_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def hardship_class(altitude, remoteness):
    return min(6, sum(altitude >= a for a in HARDSHIP_STEPS) + (remoteness >= HARDSHIP_REMOTE))


def build_counties():
    seats = {p[5] for p in PREFECTURES}
    counties = []
    for pref, _, _, pref_auto, pref_pop, _, _ in PREFECTURES:
        rows = COUNTIES[pref]
        known = sum(r[8] for r in rows if r[8] is not None)
        unknown = [i for i, r in enumerate(rows) if r[8] is None]
        split = largest_remainder([1] * len(unknown), pref_pop - known) if unknown else []
        for i, (code, name, zh, kind, auto, lat, lon, alt, pop) in enumerate(rows):
            full = f"{pref}_{code}"
            seat = full in seats
            if kind == "urban":
                ctype = "capital_district"
            elif kind == "city":
                ctype = "city_district"
            else:
                ctype = "county_town" if seat or alt < GRASSROOTS_ALTITUDE else "grassroots"
            counties.append(dict(
                code=full, name=name, name_zh=zh, parent=pref, type=ctype, seat=seat,
                autonomous=int(pref_auto or auto), lat=lat, lon=lon, altitude_m=alt,
                population=pop if pop is not None else split[unknown.index(i)],
                population_known=pop is not None))
    assert len(counties) == 44, len(counties)
    assert sum(c["population"] for c in counties) == PROVINCE["population"]

    # Remoteness: distance to Xining (Chengzhong) and altitude above Xining, each over its maximum.
    hub = next(c for c in counties if c["code"] == "xining_chengzhong")
    for c in counties:
        c["km"] = great_circle_km(hub["lat"], hub["lon"], c["lat"], c["lon"])
    max_km = max(c["km"] for c in counties)
    max_alt = max(c["altitude_m"] for c in counties)
    wd, wa = REMOTENESS_WEIGHTS
    for c in counties:
        alt_term = max(0.0, c["altitude_m"] - hub["altitude_m"]) / (max_alt - hub["altitude_m"])
        c["remoteness"] = round(wd * c["km"] / max_km + wa * alt_term, 3)
        c["hardship_class"] = hardship_class(c["altitude_m"], c["remoteness"])
        c["amenity_index"] = round(AMENITY_TYPE[c["type"]] + (AMENITY_SEAT if c["seat"] else 0), 3)

    # Job capacity: county share by population x type density (x seat bonus); fields by weights.
    weights = [c["population"] * DENSITY_TYPE[c["type"]] *
               (DENSITY_SEAT if c["seat"] and c["type"] != "capital_district" else 1) for c in counties]
    for c, total in zip(counties, largest_remainder(weights, TOTAL_JOBS)):
        w = list(FIELD_BASE[c["type"]])
        for bonus in (FIELD_BONUS_PREFECTURE.get(c["parent"], {}), FIELD_BONUS_COUNTY.get(c["code"], {})):
            for field, extra in bonus.items():
                w[FIELDS.index(field)] += extra
        c["jobs"] = largest_remainder(w, total)

    # Wage: a type premium plus a hardship premium per class, scaled so that the job-weighted
    # mean is 1 (the province average wage of talents). Housing: by type, scaled so that the
    # population-weighted mean is 1.
    raw_wage = [1 + WAGE_TYPE[c["type"]] + WAGE_PER_HARDSHIP_CLASS * c["hardship_class"] for c in counties]
    jobs = [sum(c["jobs"]) for c in counties]
    wage_scale = sum(jobs) / sum(w * j for w, j in zip(raw_wage, jobs))
    pops = [c["population"] for c in counties]
    housing_scale = sum(pops) / sum(HOUSING_TYPE[c["type"]] * p for c, p in zip(counties, pops))
    for c, w in zip(counties, raw_wage):
        c["wage_level"] = round(w * wage_scale, 3)
        c["housing_cost_level"] = round(HOUSING_TYPE[c["type"]] * housing_scale, 3)
    return counties


def weighted(counties, key, weight="population"):
    total = sum(c[weight] for c in counties)
    return sum(c[key] * c[weight] for c in counties) / total


def region_rows(counties):
    header = ["code", "name", "name_zh", "level", "parent", "type", "autonomous", "altitude_m",
              "remoteness", "hardship_class", "wage_level", "housing_cost_level", "amenity_index",
              "lat", "lon", "paired_region", "population"] + [f"jobs_{f}" for f in FIELDS]
    empty_jobs = [""] * len(FIELDS)

    def aggregate(code, name, zh, level, parent, auto, seat, group, paired, pop):
        for c in group:
            c["job_total"] = sum(c["jobs"])
        # Seat coordinates and altitude; indices averaged over counties (jobs weight the wage).
        return [code, name, zh, level, parent, "", auto, seat["altitude_m"],
                round(weighted(group, "remoteness"), 3),
                round(weighted(group, "hardship_class")),
                round(weighted(group, "wage_level", "job_total"), 3),
                round(weighted(group, "housing_cost_level"), 3),
                round(weighted(group, "amenity_index"), 3),
                seat["lat"], seat["lon"], paired, pop] + empty_jobs

    by_code = {c["code"]: c for c in counties}
    rows = [aggregate(PROVINCE["code"], PROVINCE["name"], PROVINCE["name_zh"], "province", "", 0,
                      by_code["xining_chengzhong"], counties, "", PROVINCE["population"])]
    for pref, name, zh, auto, pop, seat, paired in PREFECTURES:
        group = [c for c in counties if c["parent"] == pref]
        rows.append(aggregate(pref, name, zh, "prefecture", PROVINCE["code"], auto, by_code[seat],
                              group, paired, pop))
    for c in counties:
        rows.append([c["code"], c["name"], c["name_zh"], "county", c["parent"], c["type"],
                     c["autonomous"], c["altitude_m"], c["remoteness"], c["hardship_class"],
                     c["wage_level"], c["housing_cost_level"], c["amenity_index"], c["lat"],
                     c["lon"], "", c["population"]] + c["jobs"])
    rest_pop = CHINA_2020 - PROVINCE["population"] - sum(o[7] for o in OUTSIDE)
    for code, name, zh, otype, lat, lon, alt, pop, wage, housing, amenity in OUTSIDE + [REST]:
        # Outside regions are hubs seen from Qinghai, not remote places: remoteness 0, hardship
        # class from altitude alone.
        rows.append([code, name, zh, "outside", "", otype, 0, alt, 0, hardship_class(alt, 0),
                     wage, housing, amenity, lat, lon, "", pop if pop is not None else rest_pop]
                    + empty_jobs)
    return header, rows


# ---- margins -----------------------------------------------------------------------------------

def share(n):
    return f"{n / UNIT:.6f}"


def margin_rows(counties):
    rows = []
    src_jobs = "derived from qinghai_regions.csv job capacity (assumption, to calibrate)"
    assumption = "assumption, to calibrate"

    # prefecture*field: the stock fills job capacity evenly (same vacancy everywhere).
    prefs = [p[0] for p in PREFECTURES]
    cells = [(p, f) for p in prefs for f in FIELDS]
    jobs = {(p, f): sum(c["jobs"][i] for c in counties if c["parent"] == p)
            for p in prefs for i, f in enumerate(FIELDS)}
    joint = dict(zip(cells, largest_remainder([jobs[k] for k in cells], UNIT)))
    rows += [("prefecture", p, share(sum(joint[(p, f)] for f in FIELDS)), src_jobs) for p in prefs]
    rows += [("field", f, share(sum(joint[(p, f)] for p in prefs)), src_jobs) for f in FIELDS]
    rows += [("prefecture*field", f"{p}*{f}", share(joint[(p, f)]), src_jobs) for p, f in cells]

    # level*title from level shares x title given level; title*education from the resulting title
    # shares x education given title, so that both joints imply the same title margin.
    lt_cells = [(l, t) for l in LEVELS for t in TITLES]
    lt = dict(zip(lt_cells, largest_remainder(
        [LEVEL_SHARE[l] * TITLE_GIVEN_LEVEL[l][TITLES.index(t)] for l, t in lt_cells], UNIT)))
    title_total = {t: sum(lt[(l, t)] for l in LEVELS) for t in TITLES}
    te = {}
    for t in TITLES:
        te.update(zip([(t, e) for e in EDUCATIONS],
                      largest_remainder(EDUCATION_GIVEN_TITLE[t], title_total[t])))
    rows += [("level", l, share(sum(lt[(l, t)] for t in TITLES)), assumption) for l in LEVELS]
    rows += [("title", t, share(title_total[t]), assumption) for t in TITLES]
    rows += [("education", e, share(sum(te[(t, e)] for t in TITLES)), assumption) for e in EDUCATIONS]
    rows += [("level*title", f"{l}*{t}", share(lt[(l, t)]), assumption) for l, t in lt_cells]
    rows += [("title*education", f"{t}*{e}", share(te[(t, e)]), assumption)
             for t in TITLES for e in EDUCATIONS]

    # Conditionals: each sums to 1 within each category after the bar.
    for t in TITLES:
        for band, n in zip(AGE_BANDS, largest_remainder(AGE_GIVEN_TITLE[t], UNIT)):
            rows.append(("age_band|title", f"{band}|{t}", share(n), assumption))
    paired_src = ("assumption, to calibrate; scale from 552 officials sent 2010-2018 "
                  "(Global Times 2018-11-30) against a stock of about 500,000")
    for p in prefs:
        cadre = round(PAIRED_CADRE_SHARE[p] * UNIT)
        local, returnee, outsider, flexible = largest_remainder(ORIGIN_GIVEN_PREFECTURE[p], UNIT)
        values = dict(local=local, returnee=returnee, outsider=outsider - cadre,
                      paired_cadre=cadre, flexible=flexible)
        for o in ORIGINS:
            rows.append(("origin|prefecture", f"{o}|{p}", share(values[o]),
                         paired_src if o == "paired_cadre" else assumption))
    for f in FIELDS:
        male = round(MALE_GIVEN_FIELD[f] * UNIT)
        rows.append(("sex|field", f"male|{f}", share(male), assumption))
        rows.append(("sex|field", f"female|{f}", share(UNIT - male), assumption))
    return ["margin", "category", "share", "source"], rows


def check_margins(rows):
    """Asserts the promises of the margins file: sums to 1, and 1-D margins equal joint sums."""
    micro = {}
    for margin, category, value, _ in rows:
        micro.setdefault(margin, {})[category] = round(float(value) * UNIT)
    for margin, cells in micro.items():
        if "|" in margin:
            groups = {}
            for category, n in cells.items():
                groups[category.split("|")[1]] = groups.get(category.split("|")[1], 0) + n
            assert all(n == UNIT for n in groups.values()), margin
        else:
            assert sum(cells.values()) == UNIT, margin
        if "*" in margin:
            for side, dim in enumerate(margin.split("*")):
                sums = {}
                for category, n in cells.items():
                    key = category.split("*")[side]
                    sums[key] = sums.get(key, 0) + n
                assert sums == micro[dim], (margin, dim)


def write(path, comments, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        for line in comments:
            out.write(f"# {line}\n")
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    counties = build_counties()
    note = "Generated by make_qinghai_tables.py; edit the rules there, not this file."
    doc = "Columns, sources and assumptions: docs/data.md."
    header, rows = region_rows(counties)
    write(os.path.join(HERE, "qinghai_regions.csv"),
          ["Qinghai region table: province, 8 prefectures, 44 county-level units, 11 outside regions.",
           note, doc], header, rows)
    header, rows = margin_rows(counties)
    check_margins(rows)
    write(os.path.join(HERE, "qinghai_population_margins.csv"),
          [f"Qinghai talent-stock margins (default stock {STOCK:,.0f}, assumption).", note, doc],
          header, rows)
    # A summary for docs/data.md.
    if "-v" in sys.argv:
        print(f"stock {STOCK:.0f}, total jobs {TOTAL_JOBS}")
        for pref, *_ in PREFECTURES:
            g = [c for c in counties if c["parent"] == pref]
            print(f"{pref:9s} jobs {sum(sum(c['jobs']) for c in g):7d} "
                  f"({100 * sum(sum(c['jobs']) for c in g) / TOTAL_JOBS:4.1f} %)")
        for c in counties:
            print(f"  {c['code']:20s} {c['type']:16s} alt {c['altitude_m']:5d} km {c['km']:5.0f} "
                  f"rem {c['remoteness']:.3f} hc {c['hardship_class']} wage {c['wage_level']:.3f} "
                  f"house {c['housing_cost_level']:.3f} pop {c['population']:7d}"
                  f"{'' if c['population_known'] else '*'} jobs {sum(c['jobs']):6d}")


if __name__ == "__main__":
    main()
