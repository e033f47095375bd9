"""Demo self-assessments of the Klaipėda centre (loaded by `manage.py load_demo`, see kokybe/lib/demo.py).

A completed cycle before the 2021 certification (seed 000's timeline: internal audit 2020-02-05, external audits
2020-11-23 and 2021-03-29) and the current cycle for renewal, copied from it: narratives, owners and evidence carried
over, about two thirds rated again, a few gaps already turned into improvement actions. Runs after the frameworks
demo; without the shipped working set it does nothing. Idempotent: an existing cycle (by title) is left alone.

The centre's own web address is not in the seeds, so web-address evidence points at its public quality page in
Kokybė. Order numbers and file references are invented for the demo, like the people.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actions.models import ImprovementAction
from frameworks.models import FrameworkVersion
from orgs.models import Service

from . import services
from .models import AnswerComment, Assessment, EvidenceItem, EvidenceKind, IndicatorAnswer, Status

WORKING_SET = "equass-assurance-ws"
COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"
AUDITOR = "vidaus.auditorius@klaipeda.demo"
CONSULTANT = "konsultantas@klaipeda.demo"
PAST_TITLE = "Įsivertinimas 2020–2021 (EQUASS Assurance sertifikavimui)"
CURRENT_TITLE = "Įsivertinimas 2026 (pakartotiniam sertifikavimui)"

# code: (rating before 2021, rating now or "" when not rated yet, owner, narrative; a reason for "na" after "|").
# Order numbers and dates of the quality documents are those of the documents demo.
ANSWERS = {
    "1.1.1": (
        "met",
        "met",
        DIRECTOR,
        "Misija, vizija ir vertybės patvirtintos direktoriaus 2019-04-15 įsakymu Nr. V-29, paskelbtos Centro viešame kokybės puslapyje ir stenduose visuose padaliniuose.",
    ),
    "1.1.2": (
        "met",
        "met",
        UNIT_HEAD,
        "Naujiems darbuotojams misija pristatoma įvadiniame mokyme; padalinių susirinkimuose aptariame, kaip konkrečios paslaugos jai tarnauja. 2020-02-05 vidaus audito metu paklausti darbuotojai misiją paaiškino savais žodžiais.",
    ),
    "1.2.1": (
        "met",
        "met",
        COORDINATOR,
        "Kokybės politika patvirtinta 2019-05-20 įsakymu Nr. V-38 ir paskelbta viešame kokybės puslapyje; peržiūrima ne rečiau kaip kas 3 metus.",
    ),
    "1.2.2": (
        "met",
        "met",
        DIRECTOR,
        "EQUASS koordinatorės pareigybės aprašyme nurodytos kokybės sistemos priežiūros funkcijos ir tam skirta 0,25 etato darbo laiko.",
    ),
    "1.3.1": (
        "met",
        "met",
        DIRECTOR,
        "Metinis veiklos planas rengiamas kiekvienų metų sausį; kiekvienas tikslas turi rodiklį, atsakingą asmenį ir terminą, o kokybės tikslai pažymėti atskirai.",
    ),
    "1.3.2": (
        "partly",
        "met",
        COORDINATOR,
        "Plano įgyvendinimo ataskaita rengiama kasmet vasarį, tačiau nepasiekti tikslai ne visada perkeliami į kitų metų planą.",
    ),
    "1.4.1": (
        "met",
        "met",
        DIRECTOR,
        "Vadovybės analizė atliekama kasmet gruodį; protokole nurodomi sprendimai, atsakingi asmenys ir terminai (2020-12-18 protokolas Nr. VA-2).",
    ),
    "1.4.2": (
        "partly",
        "met",
        COORDINATOR,
        "Vadovybės analizėje naudojami apklausų ir skundų duomenys; veiklos rezultatų rodikliai kol kas tik rengiami.",
    ),
    "1.5.1": (
        "met",
        "",
        DIRECTOR,
        "Metinė veiklos ataskaita su paslaugų rezultatais ir lėšų panaudojimu skelbiama interneto svetainėje ir teikiama savivaldybės tarybai.",
    ),
    "2.1.1": (
        "met",
        "met",
        DIRECTOR,
        "Darbuotojų samdymo ir išsaugojimo tvarka patvirtinta 2019-09-16 įsakymu Nr. V-61; joje numatyti atrankos kriterijai, kvalifikacijos reikalavimai ir trijų mėnesių įvedimo programa.",
    ),
    "2.1.2": (
        "partly",
        "met",
        UNIT_HEAD,
        "Įvedimo programos užbaigimo lapai saugomi darbuotojų bylose, tačiau dviejose 2020 m. priimtų darbuotojų bylose jų trūko.",
    ),
    "2.2.1": (
        "met",
        "met",
        COORDINATOR,
        "Mokymų planas sudaromas pagal metinių pokalbių metu nustatytus kompetencijų poreikius ir apima socialinius darbuotojus, jų padėjėjus, administraciją ir vadovus.",
    ),
    "2.2.2": (
        "met",
        "met",
        COORDINATOR,
        "Mokymosi valandos apskaitomos suvestinėje; 2020 m. teisės aktuose nustatytą kvalifikacijos tobulinimą išklausė 86 % socialinių darbuotojų.",
    ),
    "2.3.1": (
        "met",
        "met",
        DIRECTOR,
        "Metiniai pokalbiai vyksta sausį–vasarį, jų išvados ir tobulėjimo tikslai įrašomi į pokalbio formą ir saugomi personalo skyriuje.",
    ),
    "2.4.1": (
        "met",
        "partly",
        COORDINATOR,
        "Darbuotojų pasitenkinimo apklausa atlikta 2019 m. lapkritį, dalyvaujant EQUASS diegimo poveikio tyrime; rezultatai pristatyti visuotiniame susirinkime.",
    ),
    "2.4.2": (
        "met",
        "met",
        DIRECTOR,
        "Darbuotojų kaita skaičiuojama kasmet ir aptariama vadovybės analizėje; 2020 m. ji sudarė 14 %.",
    ),
    "2.5.1": (
        "met",
        "partly",
        DIRECTOR,
        "Saugos ir sveikatos užtikrinimo priemonių planas patvirtintas; instruktažai fiksuojami instruktažų žurnale, naujiems darbuotojams – pirmą darbo dieną.",
    ),
    "2.5.2": (
        "partly",
        "met",
        UNIT_HEAD,
        "Komandinė supervizija vyksta Pagalbos vaikams padalinyje; kituose padaliniuose – pagal poreikį.",
    ),
    "3.1.1": (
        "partly",
        "met",
        COORDINATOR,
        "Paslaugų gavėjų chartija patvirtinta 2019-06-03 įsakymu Nr. V-45 ir paskelbta viešame kokybės puslapyje; lengvai skaitomos versijos dar nėra.",
    ),
    "3.1.2": (
        "met",
        "met",
        STAFF,
        "Priimant asmenį socialinis darbuotojas pristato chartiją, o supažindinimą paslaugų gavėjas patvirtina parašu individualioje byloje.",
    ),
    "3.2.1": (
        "met",
        "met",
        UNIT_HEAD,
        "Paslaugų teikimo sutartyje ir sutikimo dėl asmens duomenų tvarkymo formoje gavėjas ar jo atstovas pasirašo prieš pradedant teikti paslaugą.",
    ),
    "3.3.1": (
        "met",
        "met",
        COORDINATOR,
        "Prašymų, skundų ir pranešimų nagrinėjimo tvarka (2019-06-03 įsakymas Nr. V-47, pakeista 2021-02-15 įsakymu Nr. V-15) skelbiama viešame kokybės puslapyje; atsakymo terminas – 15 darbo dienų, nurodyta apskundimo galimybė.",
    ),
    "3.3.2": (
        "met",
        "met",
        COORDINATOR,
        "Skundai registruojami registre; 2020 m. gauti 5 skundai, į visus atsakyta laiku. Skundų analizė pateikta vadovybės analizėje.",
    ),
    "3.4.1": (
        "met",
        "met",
        DIRECTOR,
        "Asmens duomenų tvarkymo taisyklės patvirtintos; prieiga prie bylų suteikiama pagal pareigas, visi darbuotojai pasirašę konfidencialumo pasižadėjimus.",
    ),
    "3.5.2": (
        "partly",
        "",
        STAFF,
        "Vaikams, kurių interesams atstovauti reikia, padedame kreiptis į Vaiko teisių apsaugos skyrių; tai fiksuojama atvejo byloje.",
    ),
    "4.1.1": (
        "met",
        "met",
        DIRECTOR,
        "Etikos ir gerovės užtikrinimo politika patvirtinta 2019-06-03 įsakymu Nr. V-46; su ja pasirašytinai susipažinę visi darbuotojai, nauji – įvedimo programoje.",
    ),
    "4.2.1": (
        "met",
        "met",
        DIRECTOR,
        "Smurto ir finansinio piktnaudžiavimo prevencijos procedūrų aprašas (2019-10-07 įsakymas Nr. V-70) nustato atpažinimo požymius, pranešimo tvarką ir terminus.",
    ),
    "4.2.2": (
        "met",
        "met",
        UNIT_HEAD,
        "Įtariami atvejai registruojami atskirame žurnale ir ištiriami per 10 darbo dienų; 2020 m. užregistruoti 3 atvejai, visi užbaigti sprendimu.",
    ),
    "4.3.1": (
        "partly",
        "met",
        UNIT_HEAD,
        "Etinės dilemos aptariamos komandos atvejo aptarimuose, tačiau sprendimai ne visada protokoluojami.",
    ),
    "4.5.1": (
        "met",
        "met",
        UNIT_HEAD,
        "Krizių centre ribojančios priemonės taikomos tik tvarkos apraše numatytais atvejais; kiekvienas taikymas registruojamas su priežastimi, trukme ir atsakingu darbuotoju.",
    ),
    "4.5.2": (
        "partly",
        "partly",
        UNIT_HEAD,
        "Taikymo atvejai peržiūrimi kas pusmetį, o ne kas ketvirtį, kaip reikalauja rodiklis.",
    ),
    "5.1.1": (
        "met",
        "met",
        DIRECTOR,
        "Partnerių sąraše – savivaldybės administracija, Vaiko teisių apsaugos skyrius, poliklinikos, mokyklos, policijos komisariatas ir NVO; nurodytas kiekvienos partnerystės tikslas.",
    ),
    "5.2.1": (
        "met",
        "met",
        DIRECTOR,
        "Su savivaldybe, poliklinika ir dviem NVO pasirašytos bendradarbiavimo sutartys, kuriose aprašytos šalių atsakomybės.",
    ),
    "5.5.1": ("na", "na", COORDINATOR, "|Centre savanoriai nedirba: paslaugos teikiamos tik samdomų darbuotojų."),
    "6.1.1": (
        "met",
        "met",
        COORDINATOR,
        "Veikia Paslaugų gavėjų taryba su patvirtintais nuostatais; posėdžiai vyksta kas ketvirtį ir protokoluojami.",
    ),
    "6.1.2": (
        "partly",
        "met",
        COORDINATOR,
        "Tarybos pasiūlymai svarstomi, bet apie jų įgyvendinimą paslaugų gavėjams pranešama ne visada.",
    ),
    "6.2.1": (
        "met",
        "met",
        COORDINATOR,
        "Į kokybės darbo grupę įtraukti du Paslaugų gavėjų tarybos nariai; jie dalyvauja ir įsivertinime.",
    ),
    "6.3.1": (
        "met",
        "met",
        COORDINATOR,
        "Paslaugų gavėjų pasitenkinimas matuojamas kasmet anoniminėmis anketomis; 2021 m. kovą – kartu su EQUASS diegimo poveikio tyrimu.",
    ),
    "6.5.1": (
        "partly",
        "",
        STAFF,
        "Informacija apie paslaugas parengta lengvai skaitoma kalba tik daliai paslaugų; garso įrašų neturime.",
    ),
    "7.1.1": (
        "met",
        "met",
        UNIT_HEAD,
        "Poreikiai vertinami pagal Centro patvirtintą individualių planų metodiką ir standartizuotus vertinimo klausimynus.",
    ),
    "7.2.1": (
        "met",
        "met",
        STAFF,
        "Kiekvienas paslaugų gavėjas turi individualų planą su tikslais, priemonėmis ir atsakingu darbuotoju; planą pasirašo gavėjas ar jo atstovas.",
    ),
    "7.2.2": (
        "partly",
        "met",
        STAFF,
        "Planai peržiūrimi kas 6 mėnesius, tačiau Pagalbos moterims padalinyje dalis peržiūrų vėlavo.",
    ),
    "7.4.1": (
        "met",
        "met",
        COORDINATOR,
        "Paslaugų gavėjų įgalinimo koncepcija patvirtinta 2019-11-25 įsakymu Nr. V-88; individualiuose planuose yra savarankiškumą didinančių tikslų.",
    ),
    "7.5.1": (
        "met",
        "met",
        COORDINATOR,
        "Gyvenimo kokybės koncepcija (2020-09-28 įsakymas Nr. V-74) grįsta Schalocko ir Verdugo aštuonių sričių modeliu.",
    ),
    "7.5.2": (
        "met",
        "not_met",
        COORDINATOR,
        "Gyvenimo kokybė pirmą kartą išmatuota 2021 m. pradžioje; rezultatai įtraukti į individualių planų peržiūras.",
    ),
    "8.1.1": (
        "met",
        "met",
        DIRECTOR,
        "Visų šešių paslaugų aprašai skelbiami interneto svetainėje: tikslinė grupė, tikslai, turinys, trukmė, kaina ir priėmimo kriterijai.",
    ),
    "8.3.1": (
        "met",
        "met",
        UNIT_HEAD,
        "Sudėtingi atvejai aptariami su Vaiko teisių apsaugos skyriaus, švietimo ir sveikatos specialistais; aptarimai protokoluojami.",
    ),
    "8.4.2": ("na", "na", UNIT_HEAD, "|Paslaugų aprašuose buvusių gavėjų apklausa po 6 mėnesių nenumatyta."),
    "9.1.1": (
        "partly",
        "met",
        COORDINATOR,
        "Rengiamas veiklos rezultatų rodiklių sąrašas; kol kas siektinos reikšmės nustatytos tik pasitenkinimo rodikliams.",
    ),
    "9.2.1": (
        "partly",
        "met",
        COORDINATOR,
        "Individualių tikslų pasiekimas pradėtas skaičiuoti 2020 m. dviejose paslaugose.",
    ),
    "9.3.1": (
        "partly",
        "partly",
        COORDINATOR,
        "Trejų metų duomenis turime tik pasitenkinimo ir darbuotojų kaitos rodikliams.",
    ),
    "9.5.2": ("met", "met", COORDINATOR, "Pasitenkinimo apklausų rezultatai skelbiami viešame kokybės puslapyje."),
    "10.1.1": (
        "met",
        "met",
        COORDINATOR,
        "Įsivertinimas atliekamas pagal visus principus; jame dalyvauja padalinių darbuotojai ir Paslaugų gavėjų tarybos atstovai.",
    ),
    "10.2.1": (
        "met",
        "met",
        COORDINATOR,
        "Visos nustatytos spragos perkeliamos į diegimo planą su atsakingais asmenimis ir terminais.",
    ),
    "10.2.2": (
        "partly",
        "met",
        AUDITOR,
        "Užbaigtų veiksmų poveikis tikrinamas vidaus audito metu, tačiau ne visų veiksmų.",
    ),
    "10.3.1": (
        "met",
        "met",
        AUDITOR,
        "Vidaus auditai vykdomi pagal metinį planą (pirmasis – 2020-02-05); auditoriai netikrina savo padalinio.",
    ),
    "10.4.1": (
        "met",
        "partly",
        COORDINATOR,
        "Kiekvienas kokybės dokumentas turi versiją, patvirtinimo datą ir peržiūros terminą.",
    ),
    "10.5.1": (
        "partly",
        "",
        COORDINATOR,
        "Incidentai ir darbuotojų pasiūlymai registruojami; analizė komandoje vyksta nereguliariai.",
    ),
}

# The current cycle's narratives where the situation changed since the copy.
CURRENT_NARRATIVES = {
    "1.2.1": "Kokybės politika patvirtinta 2019-05-20 įsakymu Nr. V-38 ir atnaujinta po vidaus audito 2023-12-18 įsakymu Nr. V-112; paskelbta viešame kokybės puslapyje. Kita peržiūra – iki 2026 m. pabaigos.",
    "1.4.1": "Vadovybės analizė atliekama kasmet gruodį; protokole nurodomi sprendimai, atsakingi asmenys ir terminai (paskutinis – 2025-12-16 protokolas Nr. VA-6).",
    "2.1.1": "Darbuotojų samdymo ir išsaugojimo tvarka patvirtinta 2019-09-16 įsakymu Nr. V-61, o 2023-11-06 įsakymu Nr. V-104 papildyta mentoryste naujiems darbuotojams.",
    "2.2.2": "Mokymosi valandos apskaitomos suvestinėje; 2025 m. teisės aktuose nustatytą kvalifikacijos tobulinimą išklausė 92 % socialinių darbuotojų.",
    "2.4.1": "Darbuotojų pasitenkinimo apklausa atlikta 2019 m. ir 2023 m.; 2025 m. apklausa nebuvo atlikta, todėl naujausi duomenys senesni nei dveji metai. Apklausą planuojame 2026 m. kovą.",
    "2.5.1": "Saugos ir sveikatos užtikrinimo priemonių planas patvirtintas, instruktažai fiksuojami žurnale, tačiau plano peržiūros terminas praėjęs.",
    "3.1.1": "Paslaugų gavėjų chartija patvirtinta 2019-06-03 įsakymu Nr. V-45; 2022-10-10 įsakymu Nr. V-97 parengta lengvai skaitoma jos versija. Abi iškabintos padaliniuose ir paskelbtos viešame kokybės puslapyje.",
    "4.2.1": "Smurto ir finansinio piktnaudžiavimo prevencijos procedūrų aprašas (2019-10-07 įsakymas Nr. V-70, atnaujintas 2024-01-22 įsakymu Nr. V-8) nustato atpažinimo požymius, pranešimo tvarką ir terminus.",
    "7.5.2": "Gyvenimo kokybė išmatuota 2021 m.; vėliau matavimas nekartotas, todėl naujausių duomenų individualiems planams nėra. Rengiama nauja koncepcijos redakcija su klausimynu WHOQOL-BREF.",
    "9.2.1": "Individualių tikslų pasiekimas skaičiuojamas kasmet pagal paslaugas; 2025 m. pasiekta 71 % numatytų tikslų.",
    "10.4.1": "Dokumentai turi versiją ir patvirtinimo datą, tačiau Saugos ir sveikatos užtikrinimo priemonių plano peržiūros terminas praėjęs.",
}
GAPS_TO_ACTIONS = ["2.5.1", "2.4.1", "7.5.2"]
TARGETS = {
    "2.5.1": date(2026, 4, 30),
    "2.4.1": date(2026, 3, 31),
    "7.5.2": date(2026, 6, 30),
    "10.4.1": date(2026, 5, 31),
}

# (title, kind, reference or None for the public page, evidence date, valid until, indicator codes)
EVIDENCE = [
    (
        "Viešas kokybės puslapis",
        EvidenceKind.URL,
        None,
        None,
        None,
        ["1.1.1", "1.2.1", "3.1.1", "3.3.1", "8.1.1", "9.5.2"],
    ),
    (
        "Direktoriaus įsakymas dėl misijos, vizijos ir vertybių",
        EvidenceKind.RECORD,
        "2019-04-15 įsakymas Nr. V-29, bylų nomenklatūra 1.3",
        date(2019, 4, 15),
        None,
        ["1.1.1"],
    ),
    (
        "Kokybės politika",
        EvidenceKind.RECORD,
        "2019-05-20 įsakymas Nr. V-38 (atnaujinta 2023-12-18 įsakymu Nr. V-112), byla 1.3",
        date(2019, 5, 20),
        None,
        ["1.2.1", "10.4.1"],
    ),
    (
        "Metinis veiklos planas ir jo įgyvendinimo ataskaita",
        EvidenceKind.RECORD,
        "Byla 1.5 „Planavimo dokumentai“",
        date(2021, 2, 10),
        None,
        ["1.3.1", "1.3.2"],
    ),
    (
        "Vadovybės analizės protokolas",
        EvidenceKind.RECORD,
        "2020-12-18 protokolas Nr. VA-2, byla 1.6",
        date(2020, 12, 18),
        None,
        ["1.4.1", "1.4.2", "2.4.2", "3.3.2"],
    ),
    (
        "Darbuotojų samdymo ir išsaugojimo tvarka",
        EvidenceKind.RECORD,
        "2019-09-16 įsakymas Nr. V-61 (papildyta 2023-11-06 įsakymu Nr. V-104)",
        date(2019, 9, 16),
        None,
        ["2.1.1", "2.1.2"],
    ),
    (
        "Mokymų planas ir mokymosi valandų suvestinė",
        EvidenceKind.RECORD,
        "Personalo skyrius, byla 3.2",
        date(2021, 1, 15),
        None,
        ["2.2.1", "2.2.2"],
    ),
    (
        "Darbuotojų pasitenkinimo apklausos rezultatai",
        EvidenceKind.RECORD,
        "2019 m. lapkričio apklausa, poveikio tyrimo ataskaita",
        date(2019, 11, 29),
        date(2021, 11, 30),
        ["2.4.1"],
    ),
    (
        "Saugos ir sveikatos užtikrinimo priemonių planas ir instruktažų žurnalas",
        EvidenceKind.RECORD,
        "Byla 3.7",
        date(2020, 9, 1),
        date(2025, 9, 1),
        ["2.5.1"],
    ),
    (
        "Paslaugų gavėjų chartija",
        EvidenceKind.RECORD,
        "2019-06-03 įsakymas Nr. V-45 (lengvai skaitoma versija – 2022-10-10 įsakymas Nr. V-97)",
        date(2019, 6, 3),
        None,
        ["3.1.1", "3.1.2"],
    ),
    (
        "Skundų registras ir metinė skundų analizė",
        EvidenceKind.RECORD,
        "Registras 4.1, analizė – vadovybės analizės priedas",
        date(2020, 12, 18),
        None,
        ["3.3.1", "3.3.2"],
    ),
    (
        "Etikos ir gerovės užtikrinimo politika su susipažinimo lapais",
        EvidenceKind.RECORD,
        "2019-06-03 įsakymas Nr. V-46",
        date(2019, 6, 3),
        None,
        ["4.1.1"],
    ),
    (
        "Smurto ir finansinio piktnaudžiavimo prevencijos procedūrų aprašas",
        EvidenceKind.RECORD,
        "2019-10-07 įsakymas Nr. V-70 (atnaujinta 2024-01-22 įsakymu Nr. V-8); atvejų žurnalas 4.3",
        date(2019, 10, 7),
        None,
        ["4.2.1", "4.2.2"],
    ),
    (
        "Bendradarbiavimo sutartys su partneriais",
        EvidenceKind.RECORD,
        "Sutarčių registras 2.4",
        date(2020, 3, 1),
        None,
        ["5.1.1", "5.2.1"],
    ),
    (
        "Paslaugų gavėjų tarybos nuostatai ir posėdžių protokolai",
        EvidenceKind.RECORD,
        "Byla 5.1",
        date(2021, 3, 12),
        None,
        ["6.1.1", "6.1.2", "6.2.1"],
    ),
    (
        "Paslaugų gavėjų pasitenkinimo apklausa (poveikio tyrimas)",
        EvidenceKind.RECORD,
        "2021 m. kovo apklausos ataskaita",
        date(2021, 3, 31),
        None,
        ["6.3.1", "9.5.2"],
    ),
    (
        "Individualių planų metodika ir planų peržiūrų registras",
        EvidenceKind.RECORD,
        "Metodika – 2019-11-04 įsakymas Nr. V-84",
        date(2019, 11, 4),
        None,
        ["7.1.1", "7.2.1", "7.2.2"],
    ),
    (
        "Paslaugų gavėjų įgalinimo koncepcija",
        EvidenceKind.RECORD,
        "2019-11-25 įsakymas Nr. V-88",
        date(2019, 11, 25),
        None,
        ["7.4.1"],
    ),
    (
        "Paslaugų gavėjų gyvenimo kokybės koncepcija",
        EvidenceKind.RECORD,
        "2020-09-28 įsakymas Nr. V-74",
        date(2020, 9, 28),
        None,
        ["7.5.1", "7.5.2"],
    ),
    (
        "Veiklos rezultatų rodiklių suvestinė",
        EvidenceKind.RECORD,
        "Kokybės koordinatorės suvestinė, byla 1.7",
        date(2021, 1, 31),
        None,
        ["9.1.1", "9.2.1", "9.3.1"],
    ),
    (
        "Vidaus audito ataskaita",
        EvidenceKind.RECORD,
        "2020-02-05 vidaus auditas, ataskaita byloje 1.8",
        date(2020, 2, 5),
        None,
        ["10.1.1", "10.3.1"],
    ),
    (
        "EQUASS Assurance diegimo planas",
        EvidenceKind.RECORD,
        "Diegimo planai 2019 m. kovo–balandžio mėn.",
        date(2019, 4, 30),
        None,
        ["10.2.1", "10.2.2"],
    ),
]

COMMENTS = [
    (
        "7.5.2",
        CONSULTANT,
        "Auditorius tikrins, ar gyvenimo kokybės matavimo rezultatai naudojami planuose. Siūlau matavimą atlikti dar prieš išorės auditą.",
    ),
    (
        "9.3.1",
        CONSULTANT,
        "Rodiklių tendencijas pateikite grafiku bent trejų metų laikotarpiui – tai palengvins auditoriaus darbą.",
    ),
    ("2.5.1", DIRECTOR, "Plano peržiūrą įtraukiame į balandžio vadovybės posėdžio darbotvarkę."),
]


def _moment(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _version(ctx):
    return ctx.extra.get("framework_version") or (
        FrameworkVersion.objects.filter(framework__code=WORKING_SET, org__isnull=True).order_by("-imported_at").first()
    )


def _public_page(org):
    try:
        return settings.SITE_URL + reverse("quality:page", args=[org.slug])
    except NoReverseMatch:
        return ""


def _rate(cycle, ctx, column, saved_on):
    """Write the demo ratings of one cycle straight onto its answers (each as if saved once, by its owner)."""
    for answer in cycle.answers.select_related("indicator"):
        rating, now, owner, text = ANSWERS.get(answer.indicator.code, ("met", "", None, ""))
        rating = rating if column == 0 else now
        narrative, _bar, reason = text.partition("|") if text.startswith("|") else (text, "", "")
        fields = {"rating": rating, "reason": reason if rating == "na" else ""}
        if column == 0:
            fields["narrative"] = narrative or answer.narrative
            fields["responsible"] = ctx.users[owner] if owner else None
        else:
            fields["narrative"] = CURRENT_NARRATIVES.get(answer.indicator.code, answer.narrative)
            fields["target_date"] = TARGETS.get(answer.indicator.code)
        if rating or column == 0:
            fields.update(revision=1, updated_by=ctx.users[owner or COORDINATOR], updated_at=_moment(saved_on))
        IndicatorAnswer.objects.filter(pk=answer.pk).update(**fields)


def _evidence(cycle, ctx, org):
    answers = {a.indicator.code: a for a in cycle.answers.select_related("indicator")}
    page = _public_page(org)
    by = ctx.users[COORDINATOR]
    for title, kind, reference, on, until, codes in EVIDENCE:
        if kind == EvidenceKind.URL and not page:
            continue
        item = EvidenceItem(
            org=org,
            kind=kind,
            title=title,
            url=page if kind == EvidenceKind.URL else "",
            reference=reference or "",
            evidence_date=on,
            expires_on=until,
            created_by=by,
        )
        item.full_clean()
        item.save()
        item.answers.add(*[answers[code] for code in codes if code in answers])
        ctx.created["assessments.EvidenceItem"] += 1
    done = ImprovementAction.objects.for_org(org).filter(status="effective").order_by("number").first()
    if done is not None and "10.2.2" in answers:
        item = EvidenceItem.objects.create(
            org=org, kind=EvidenceKind.ACTION, title=f"Patikrintas tobulinimo veiksmas: {done.title}"[:255], action=done
        )
        item.answers.add(answers["10.2.2"])


def _past(ctx, org, version, services_):
    cycle = services.assessment_create(
        org=org,
        version=version,
        title=PAST_TITLE,
        period_start=date(2019, 4, 1),
        period_end=date(2021, 3, 31),
        due_date=date(2021, 3, 15),
        coordinator=ctx.users[COORDINATOR],
        services=services_,
        by=ctx.users[COORDINATOR],
    )
    _rate(cycle, ctx, 0, date(2021, 3, 10))
    _evidence(cycle, ctx, org)
    Assessment.objects.filter(pk=cycle.pk).update(
        status=Status.COMPLETED, completed_on=date(2021, 3, 15), created_at=_moment(date(2020, 9, 1))
    )
    cycle.refresh_from_db()
    return cycle


def _current(ctx, past):
    cycle = services.assessment_copy(
        source=past,
        by=ctx.users[COORDINATOR],
        title=CURRENT_TITLE,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        due_date=date(2026, 9, 30),
    )
    _rate(cycle, ctx, 1, date(2026, 2, 20))
    Assessment.objects.filter(pk=cycle.pk).update(status=Status.IN_REVIEW)
    answers = {a.indicator.code: a for a in cycle.answers.select_related("indicator")}
    for code in GAPS_TO_ACTIONS:
        if code in answers:
            services.gap_action_create(answer=answers[code], by=ctx.users[COORDINATOR])
    for code, author, body in COMMENTS:
        if code in answers:
            AnswerComment.objects.create(org=past.org, answer=answers[code], author=ctx.users[author], body=body)
    return cycle


def load(ctx):
    version = _version(ctx)
    org = ctx.orgs.get("klaipeda")
    if version is None or org is None:
        return
    cycles = Assessment.objects.for_org(org)
    past = cycles.filter(title=PAST_TITLE).first()
    if past is None:
        past = _past(ctx, org, version, list(Service.objects.for_org(org)))
        ctx.created["assessments.Assessment"] += 1
    if not cycles.filter(title=CURRENT_TITLE).exists():
        _current(ctx, past)
        ctx.created["assessments.Assessment"] += 1


# The documents register's links taken up as evidence for these types; the rest stay as suggestions on the pages.
DOCUMENT_EVIDENCE = ("quality-policy", "service-users-charter", "complaints-procedure")


def link(ctx):
    """Documents and the 2021 impact study as evidence in the current cycle (both load after this app)."""
    from documents import evidence as documents
    from surveys.models import Campaign, CampaignStatus

    org = ctx.orgs.get("klaipeda")
    cycle = org and Assessment.objects.for_org(org).filter(title=CURRENT_TITLE).first()
    if cycle is None or EvidenceItem.objects.for_org(org).filter(kind__in=("document", "survey")).exists():
        return
    by = ctx.users[COORDINATOR]
    answers = {a.indicator_id: a for a in cycle.answers.select_related("indicator")}
    for indicator_id, found in documents.for_indicators(org, answers).items():
        for e in found:
            if e.document.type.code in DOCUMENT_EVIDENCE and e.version is not None:
                services.evidence_attach(
                    answer=answers[indicator_id], by=by, kind=EvidenceKind.DOCUMENT, document=e.document
                )
                ctx.created["assessments.EvidenceItem"] += 1
    by_code = {a.indicator.code: a for a in answers.values()}
    studies = Campaign.objects.for_org(org).filter(
        status=CampaignStatus.CLOSED, ends_on__year=2021, version__instrument__audience="service_users"
    )
    for campaign in studies.select_related("version"):
        codes = {c for q in campaign.version.questions.all() for c in q.indicator_codes}
        for code in sorted(codes & by_code.keys()):
            services.evidence_attach(answer=by_code[code], by=by, kind=EvidenceKind.SURVEY, campaign=campaign)
    ctx.created["assessments.EvidenceItem"] += studies.count()
