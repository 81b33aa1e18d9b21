"""Trigger and cue lexicons, and the cheap prefilter that selects candidate sentences.

Takes a sentence string; gives trigger hits (family, span, strength) and cue flags. Patterns are
lower-case "lemma-ish" regexes over the surface text (stems with inflection endings) so that the
prefilter runs without any model; the parse is consulted later, only for sentences that match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# a place handed to another side by name ("handed the town of Kaga-Bandoro to UN peacekeepers", "handed the
# temporary operating base of Bambouti to the FACA"): a withdrawal trigger, and the handover that makes it a
# non-violent transfer of territory
HANDED_PLACE_TO = (r"hand(?:ed|s|ing)? (?:the |its |their )?(?:[\w'’-]+ ){0,3}(?:towns?|city|villages?|bases?|camps?|positions?|posts?|barracks|airport|detachments?) (?:of [\w'’-]+ )?(?:back )?(?:over )?to\b")

# (family, pattern, strength). A family names what kind of event the trigger announces; the final
# sub-type is decided in ``typing`` from the families and cues of the whole clause.
TRIGGERS: tuple[tuple[str, str, float], ...] = (
    # remote violence, where the trigger itself names the means
    ("air", r"drones? (?:\w+ ){0,3}(?:destroyed|struck|hit|dropped)|dropped (?:\w+ ){0,3}(?:explosives?|bombs?|canisters?|barrels?)|dropp(?:ed|ing|s) (?:\w+ ){0,4}(?:bombs?|munitions?|explosives?|barrels?|barrel bombs?|canisters?|grenades?) (?:\w+ ){0,4}(?:from|by) (?:\w+ ){0,2}(?:drones?|uavs?|aircraft|helicopters?|planes?|quadcopters?)|air[- ]?strikes?|air[- ]?raids?|airstrik\w*|drone (?:strike|attack)s?|bombing raids?|aerial (?:bombardment|attack|strike)s?", 0.9),
    ("shell", r"mortars? (?:were |was )?used|used mortars?|artillery rounds?|shell(?:ed|ing|s)|bombard(?:ed|ing|ment|s)?|artillery (?:fire|attack|strike)s?|mortar (?:fire|attack|round|shell|bomb)s?|rocket (?:fire|attack|strike)s?|missile (?:strike|attack)s?|(?:fir(?:ed|ing)|launch(?:ed|ing)|lobbed) (?:\w+ ){0,3}(?:rockets?|missiles?|mortars?|shells?|projectiles?)|(?:rockets?|missiles?|mortars?|shells?|projectiles?) (?:were |was |had been )?(?:fired|launched|landed|fell|rained)|tank (?:attack|fire)|rocket-propelled grenades?|\brpgs?\b", 0.9),
    ("suicide", r"suicide (?:bomb\w*|attack\w*|car bomb\w*|vests?|belts?|truck bomb\w*)|blew (?:himself|herself|themselves) up|self-detonat\w*|"
                r"(?:explosive|suicide) (?:vests?|belts?)|(?:detonat|explod|blow|blew|blowing)\w* (?:\w+ ){0,4}(?:killing|killed) (?:himself|herself|themselves)", 0.95),
    ("ied", r"(?:roadside|car|truck|parcel|pipe|motorcycle|sticky|magnetic) bombs?|improvised explosive|\bieds?\b|\bvbieds?\b|landmines?|land mines?|(?:ground|anti-tank|anti-personnel|antitank) mines?|explosive devices?|booby[- ]trap\w*|bomb (?:blast|attack|explosion)s?|bomb(?:s|ed)? (?:went off|exploded|detonated)|(?:exploded|detonated) (?:a |an )?bomb|bombings?"
     # a vehicle bomb told without the word "bomb": "a motorcycle packed with explosives", "an explosives-laden car"
     r"|(?:car|truck|vehicle|motorcycle|motorbike|bicycle|van|tanker|lorry)s? (?:packed|laden|loaded|rigged|filled|stuffed) with explosives"
     r"|explosives?-(?:laden|packed|rigged|filled) (?:car|truck|vehicle|motorcycle|motorbike|van|tanker|lorry)s?", 0.85),
    ("grenade", r"(?:threw|thrown|throwing|hurled|hurling|lobbed|tossed|flung) (?:\w+ ){0,3}(?:crude|handmade|hand-made|home-?made|country-made|locally made) (?:bombs?|explosives?)|(?<!propelled )(?<!stun )(?<!flash )grenades?", 0.85),
    ("chem", r"white phosphorus|incendiary (?:munitions|weapons|shells)|(?:releas|emitt)(?:ed|ing) (?:a |an )?(?:\w+ ){0,2}gas|toxic (?:substances?|chemicals?)|chloropicrin|cs gas|irritant (?:gas|munitions?|grenades?)|chemical (?:weapons?|attacks?|agents?|munitions?)|chlorine|sarin|mustard gas|nerve (?:agent|gas)|poison(?:ous)? gas|toxic gas|poisonous (?:chemicals|substances?)|suffocat\w*|breathing difficult\w*|gas attacks?", 0.9),
    # direct violence
    ("attack", r"incursions?|infiltrat(?:ed|ion|ions)|attack(?:s|ed|ing)?|assault(?:s|ed|ing)?|raid(?:s|ed|ing)?|ambush(?:es|ed|ing)?|target(?:s|ed|ing)|struck|strik(?:es|ing)|hit|storm(?:ed|ing)?|pounded|bomb(?:s|ed)?", 0.6),
    # gunfire told as "police firing", "fired seven rounds", "came under fire" (IndiaPoliceEvents, SATP, our set),
    # and the inflections gold triggers of M2E2/RAMS/WikiEvents use ("assassinated", "stabbings", "shootings");
    # a manager fired and tear gas fired are not gunfire
    ("kill", r"kill(?:s|ed|ing)?|shot dead|gunned down|shot and killed|murder(?:s|ed|ing)?|massacr\w*|slaughter\w*|execut(?:ed|es|ing|ion)|behead\w*|hack(?:ed)? to death|(?:beat|hack|stabb|ston|burn|club|bludgeon)\w* (?:\w+ ){0,3}to death|lynch\w*|stabb?(?:ed|ings?|s)|shot|shoot(?:s|ings?)?|opened fire|open fire|assassinat\w*|came under (?:heavy |intense |sniper )?(?:fire|gunfire)|(?:police|troops|soldiers|army|security forces|policemen|forces|guards) (?:\w+ ){0,2}fir(?:ed|ing)\b(?! (?:the|a|an|his|her|its|their) (?:\w+ )?(?:minister|chief|head|director|coach|manager|officials?|staff|employees?|workers))(?! (?:\w+ ){0,3}(?:tear ?gas|teargas|water ?cannons?|rubber|pepper|stun|flares?|canisters?|shells?|rockets?|missiles?|mortars?))|fir(?:ed|ing|e) (?:\w+ ){0,3}(?:rounds|bullets|live ammunition|warning shots)|fir(?:ed|ing) (?:\w+ )?(?:at|on) (?:the )?(?:\w+ )?(?:crowds?|protesters|demonstrators|villagers|civilians|residents|mob|troops|soldiers|police|them|him)|gunfire|beat(?:en|ing)? (?:to death|up)|tortur\w*|burn(?:ed|t) alive", 0.7),
    ("clash", r"(?:shots|bursts) (?:\w+ ){0,4}(?:small[- ]arms|machine[- ]gun)|small-arms fire|engaged in an encounter|encounter (?:broke out|took place|between)|clash(?:es|ed|ing)?|fighting|fought|fights? (?:between|with|against)|battl(?:e|es|ed|ing)|exchang\w* (?:of )?(?:fire|gunfire)|firefights?|gunfights?|gun battles?|skirmish\w*|offensive|counter-?attack\w*|repel(?:led|s)?|repulsed|engaged (?:in )?(?:combat|fighting)", 0.8),
    ("abduct", r"(?:took|taken|taking) away (?:\w+ ){0,3}(?:people|persons|pupils|students|children|chiefs|civilians|villagers|women|men|family|families)|whereabouts (?:are|remain|is) (?:still )?unknown|forcibly deported|disappeared (?:\w+ ){0,2}(?:persons|people|activists|civilians)|abduct\w*|kidnap\w*|hostages?|forcibly disappear\w*|enforced disappearance\w*|taken captive|held captive", 0.9),
    ("sexual", r"rap(?:e|ed|es|ing)|gang-?rap\w*|sexual(?:ly)? (?:assault\w*|violence|abuse\w*|exploit\w*)|molest\w*", 0.9),
    ("mob", r"\bmobs?\b|lynch\w*|necklac(?:ed|ing)|vigilante\w*|angry (?:crowd|residents|villagers)", 0.8),
    # demonstrations; a road blocked by named people ("workers blocked the highway", not "the army ... and
    # blocked roads") and work stopped are the protest itself
    ("protest", r"(?-i:march)(?:ed|es|ing)? peacefully|human chain|gathered (?:\w+ ){0,3}(?:to protest|in protest|demanding|against|outside|in front of)|(?:baton|lathi)-?charg\w*|tear-?gass\w*|(?-i:march)(?:ed|es)? (?:from|into|past|along|towards|toward)|thronged|staged (?:a |an )?(?:\w+ )?(?:sit-in|march|rally|protest|demonstration|vigil)|protest(?:s|ed|ing|ers?|ors?)?|demonstrat(?:ion|ions|ors?|ed|ing|e)|rall(?:y|ies|ied)|(?-i:march)(?:ed|es|ing)? (?:to|through|in|on|against)|marchers|sit-ins?|picket\w*|took to the streets|take to the streets|strikers|(?:fir(?:e|ed|es|ing)|us(?:e|ed|es|ing)|lob(?:bed|bing)?) (?:[\w,]+ ){0,4}(?:tear ?gas|rubber bullets|water cannons?)|dispers\w* (?:\w+ ){0,3}(?:protest[eo]rs|demonstrators|activists|crowds?|protests?|rall(?:y|ies)|students|supporters|marchers)|striking (?:\w+ )?(?:workers|teachers|doctors|nurses|miners|drivers|employees|students|farmers|staff)|on strike|(?:general|hunger|labou?r) strikes?|walk-?outs?|stopped work|downed tools|work stoppages?|(?:protest[eo]rs|demonstrators|workers|employees|residents|villagers|supporters|students|people|youths|farmers|drivers|traders|relatives|families|activists|women|crowds?)(?: (?!and\b|but\b)[\w\'’-]+){0,8}? block(?:ed|ing|aded|ading) (?:[\w\'’-]+ ){0,4}(?:roads?|highways?|streets?|bridges?|railways?|rail lines?|entrances?|junctions?|intersections?)", 0.8),
    ("riot", r"(?:threw|throw(?:ing|s)?|hurl(?:ed|ing|s)?|pelt(?:ed|ing|s)?) (?:\w+ ){0,3}(?:stones|rocks|bricks|molotov(?: cocktails)?|petrol bombs|firebombs)|riot(?:s|ed|ing|ers)?(?!\s+(?:police|gear|squad|control|officers?|units?|troops|shields?))", 0.85),
    # strategic developments. Told without a violence word, each by its own verb phrase (CAMEO/PLOVER, SATP,
    # CASE and our set): a deal "signed"/"initialled"/"agreed" under a hyphenated or quoted name ("a
    # non-aggression pact"); an arrest by an agency named at length ("Agents of the National Intelligence
    # Agency picked him up"); a camp opened in the passive ("a new security camp has been opened"); a place
    # handed to another side by name ("handed the town of Kaga-Bandoro to UN peacekeepers"); "took full control";
    # sites seized for what they are (checkpoints, oil fields, pumping stations, a palace); infrastructure
    # destroyed or blown up (bridges, power lines, towers, machinery); what a junta or an armed group announces
    # or suspends ("announced an interim government", "suspended parliament"); troops ordered somewhere
    ("arrest", r"re-?arrest(?:s|ed|ing)?|handcuff(?:ed|ing)?|arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|detention|apprehend\w*|taken into custody|nabbed|rounded up|round-up|in custody|remand(?:ed|s|ing)? (?:\w+ ){0,3}(?:custody|jail|prison)|police custody|behind bars|picked (?:\w+ )?up by (?:\w+ ){0,3}(?:police|agents|officers|soldiers|troops|security|intelligence|forces)|(?:agents|officers|police|policemen|soldiers|troops|forces) (?:[\w\'’-]+ ){0,6}picked (?:him|her|them|up)|(?:persons|people|men|suspects|youths|activists|protesters|students|others|members|women) (?:were|have been|had been) (?:\w+ )?(?:held|picked up|caught)\b(?! (?:up|on|back|in (?:traffic|the)))", 0.8),
    ("disrupt", r"(?:destroy(?:ed|s|ing)?|suppress(?:ed|es|ing)?|jamm(?:ed|ing)) (?:\w+ ){0,4}(?:drones?|uavs?|missiles|rockets|shaheds?)|intercept(?:s|ed|ing|ion|or)?|shot down|shoots down|shooting down|downed|defus(?:e|ed|ing)|dismantl\w*|thwart\w*|foil(?:s|ed)?|(?:seiz|confiscat|recover|discover|found|find|uncover|captur|clear|destroy|defus|dismantl|remov|neutrali[sz]|identif)\w* (?:[\w,-]+ ){0,6}?(?:weapons?|arms|ammunitions?|ammo|explosives?|explosive devices?|ieds?|rifles?|firearms?|guns?|pistols?|revolvers?|munitions|rockets?|bombs?|missiles|caches?|stash|grenades?|mines|landmines|rounds|cartridges|magazines|kalashnikovs|projectiles|hideouts?|tunnels?)(?!-)|(?:weapons?|arms|ammunitions?|ammo|explosives?|explosive devices?|ieds?|rifles?|firearms?|guns?|pistols?|revolvers?|munitions|rockets?|bombs?|missiles|caches?|stash|grenades?|mines|landmines|rounds|cartridges|kalashnikovs|projectiles)(?: [\w,-]+){0,8}? (?:were|was|have been|has been|had been|being) (?:\w+ )?(?:seized|found|discovered|recovered|confiscated|destroyed|cleared|defused|dismantled|removed|identified|intercepted|neutrali[sz]ed)|weapons? caches?|arms caches?|caches? of (?:weapons|arms)|controlled explosion|bomb disposal|air defen[cs]es? (?:\w+ )?(?:intercept\w*|respond\w*|activat\w*|destroyed|downed)|(?:brought|bring|brings|bringing) down (?:\w+ ){0,3}(?:drones?|uavs?|missiles|rockets)|(?:drones?|uavs?|missiles|rockets) (?:\w+ ){0,3}(?:were|was|have been|had been) (?:\w+ )?(?:suppressed|jammed|downed|shot down)", 0.85),
    ("gov_regain", r"took back|re-?occup(?:y|ied|ies|ying)|resumed control|restor(?:ed|es|ing) (?:full )?(?:state )?(?:control|security|authority)|recaptur\w*|re-?tak(?:e|en|es|ing)|retook|regain\w*|liberat(?:e|ed|es|ing|ion)|won back|wrest\w* (?:back )?control", 0.85),
    ("take_territory", r"(?:swept into|occupied|installed (?:themselves|itself) in) (?:the )?(?:(?-i:[a-z])[\w-]* ){0,2}(?:(?-i:[A-Z])[\w'’-]+|towns?|city|villages?|bases?|hamlets?|heights?|positions?|camps?|districts?)|(?<!-)(?:(?:seiz|captur|free|freed|recover|control)(?:e|ed|es|ing)?|controlling) (?:[\w'’()-]+ ){0,5}(?:control|towns?|city|cities|villages?|areas?|districts?|bases?|airports?|province|regions?|territory|territories|border|crossings?|(?:out)?posts?|positions?|hills?|camps?|port|neighbou?rhoods?|strongholds?|countryside|capital|settlements?|hilltops?|sites?)\b|(?:seiz|captur|overr?[au]n)\w* (?-i:[A-Z][\w'’-]+)(?= ?(?:[,.;(]|$| (?:on|in|after|from|and|following|late|early|overnight|village|town|city|district|province|region)\b))|(?:drove|driven|pushed|forced|expelled|ousted|flushed|cleared) (?:[\w'’-]+ ){0,5}(?:out of|from) (?:[\w'’-]+ ){0,3}(?:areas?|towns?|villages?|city|region|positions|territory|neighbou?rhoods?)|(?:troops|forces|fighters|insurgents|militants|rebels|soldiers|units|police|militiamen) (?:[\w\'’-]+ ){0,2}(?:entered|re-?entered|moved into|rolled into|marched into) (?:the (?:city|town|village|locality|capital) of )?(?-i:[A-Z])[\w\'’-]+|gained control|gain control|(?:took|taken|take|takes) (?:full |complete |total |effective )?control|took over|(?:seiz|captur)\w* (?:[\w\'’-]+ ){0,3}(?:checkpoints?|oil ?fields?|gas ?fields?|dams?|pumping stations?|power stations?|(?:presidential )?palace)|taken over|overr(?:an|un|uns|unning)|fell to|fallen to|in control of", 0.8),
    # a withdrawal from a deal, a race or talks is politics, not territory
    ("withdraw", r"(?:left|departed|vacated|handed over) (?:\w+ ){0,3}(?:base|airbase|airfield|garrison|camp|positions)|withdr(?:ew|awn|aw|aws|awal|awing) (?:\w+ ){0,3}from (?!(?:\w+ ){0,3}(?:deal|agreement|treaty|talks|accord|race|election|elections|bid|candidacy|support|competition|tournament|funding|investment|membership|negotiations|pact)\b)"
                 r"|(?:after|following|amid|upon|since) (?:the )?(?:\w+ )?withdrawal of (?:\w+ ){0,3}(?:forces|troops|soldiers|fighters|militants|rebels|army|units?)"
                 r"|pull(?:ed|s|ing)? (?:\w+ ){0,2}(?:out of|back from)|retreat(?:ed|s)? from"
                 r"|(?:complet|beg[ia]n|start|finish)\w* (?:\w+ ){0,3}(?:withdrawal|pull-?out)|pull-?out (?:from|of)|withdrawn (?:to|from) (?!(?:\w+ ){0,3}(?:deal|agreement|treaty|talks|race|election|competition|tournament)\b)"
                 r"|hand(?:ed|s|ing)? (?:over )?(?:\w+ ){0,2}control|handed over|hand over|handover|" + HANDED_PLACE_TO + r"|ced(?:e|ed|es|ing) (?:\w+ ){0,3}(?:control|territory|towns?|villages?|areas?|city|region|bases?|positions)"
                 r"|vacat(?:ed|e)|evacuated (?:their|its) (?:positions|bases?)|abandon(?:ed|s|ing)? (?:\w+ ){0,2}(?:positions?|posts?|bases?|towns?|city|villages?|areas?|checkpoints?|barracks)"
                 r"|without (?:a )?(?:fight|resistance)|(?:without|not|no|never) (?:\w+ ){0,2}(?:encounter\w*|meet\w*|met|fac\w*) (?:any |much )?resistance|unopposed", 0.75),
    ("agreement", r"signed (?:a |an |the )?(?:[\w\'’-]+ ){0,3}(?:protocol|pact|deal|treaty|accord|agreement|arrangement|memorandum)|exchanged (?:\w+ ){0,4}prisoners|initiall?ed (?:the )?(?:[\w\'’-]+ ){0,4}(?:treaty|agreement|deal|accord|pact)|agree(?:d|s)? (?:to |on |upon )?(?:an? |the )?(?:[\w\'’-]+ ){0,2}(?:ceasefire|cease-fire|truce|deal|agreement|accord|withdraw\w*|exchange|swap|evacuat\w*|handover|hand over|surrender|peace|pact|settlement|de-escalation|release)|agreements?|(?:fighters|militants|soldiers|troops|rebels|members|gunmen|insurgents)\s+(?:\w+\s+){0,3}surrender(?:ed|s)?|surrendered (?:\w+ ){0,2}(?:weapons|arms)|in exchange for|ceasefire|cease-fire|truce|peace (?:deal|accord|agreement|talks)|accord|signed (?:a |an )?(?:deal|pact|treaty|accord|agreement)|prisoner (?:swap|exchange)|deal (?:was|has been) reached|reached (?:a |an )?(?:deal|agreement|understanding)", 0.7),
    ("hq", r"commission(?:ed|s)? (?:\w+ ){0,4}(?:base|camp|post|outpost)s?|opened (?:\w+ ){0,3}(?:camp|base|outpost)s?|installed (?:\w+ ){0,3}(?:camp|base)s?|set up (?:a |an )?(?:\w+ ){0,2}administration|set(?:s|ting)? up (?:[\w\'’-]+ ){0,4}(?:base|post|headquarters|checkpoint|camp|outpost)s?|establish(?:ed|es|ing)? (?:[\w\'’-]+ ){0,2}administration|(?:camps?|bases?|posts?|outposts?|headquarters|checkpoints?)(?: [\w\'’-]+){0,3}? (?:has been|have been|was|were|had been) (?:opened|established|set up|installed|commissioned)|establish(?:ed|es|ing)? (?:\w+ ){0,4}(?:base|post|headquarters|checkpoint|camp|outpost)s?|new (?:military )?(?:base|outpost|observation post)s?", 0.85),
    ("loot", r"burn(?:ed|t|ing)? (?:down )?(?:\w+ ){0,3}(?:trucks?|lorries|buses|church(?:es)?|masts?|towers?|bridges?|sheds?|granar(?:y|ies)|crops|fields|tents?|huts?|villages?|town halls?|clinics?|health cent(?:re|er)s?|police stations?|warehouses?|depots?|machinery|equipment)|bl(?:ew|own|owing) up (?:[\w\'’-]+ ){0,4}(?:houses?|homes?|bridges?|buildings?|masts?|towers?|schools?|shops?|(?:power |electricity |transmission )?lines|pylons?|(?:rail(?:way)? )?tracks?|signal (?:points?|cabins?)|pipelines?|offices?)|pillag\w*|confiscat(?:ed|es|ing) (?:\w+ ){0,3}(?:land|livestock|cattle|property|properties|homes?|houses?|crops|harvests?)|loot(?:s|ed|ing|ers)?|plunder\w*|ransack\w*|vandali[sz]\w*|torch(?:ed|ing)|set(?:s|ting)? (?:\w+ ){0,3}(?:on )?fire|set(?:s|ting)? (?:\w+ ){0,3}ablaze|burn(?:ed|t|ing)? (?:down )?(?:\w+ ){0,2}(?:houses?|homes?|shops?|buildings?|vehicles?|cars?|properties|offices?|churches|mosques?|schools?|market)|razed|demolish\w*|attacks? on (?:\w+ ){0,2}propert\w*|destroy(?:ed|s|ing)? (?:[\w\'’-]+ ){0,3}(?:houses?|homes?|property|properties|shops?|buildings?|crops|vehicles|bridges?|machiner(?:y|ies)|(?:power |electricity |transmission )?lines|pylons?|(?:mobile |telecom |phone )?towers?|masts?|(?:rail(?:way)? )?tracks?|schools?)", 0.75),
    ("group_change", r"announced (?:\w+ ){0,4}(?:formation|alliance|merger|unified command)|announc\w* (?:[\w\'’-]+ ){0,4}(?:dissolution|fusion|interim government|transitional (?:government|council|authority)|new (?:alliance|coalition|coordination|command|government|council))|suspend(?:ed|s|ing)? (?:the )?(?:parliament|constitution|national assembly|activities of)|suspend (?:its|their|all) (?:military )?operations|troop movements?|named (?:a |its )?new (?:leader|governor|commander|emir)|surrendered (?:\w+ ){0,3}to (?:the )?(?:army|military|troops|security forces|government)|conscription|defect(?:ed|s|ion|ions)|deploy(?:ed|s|ing|ment)|dispatch(?:ed|es)?|reinforcements?|redeploy\w*|recruit(?:ed|s|ing|ment)|merg(?:ed|er|e)|pledged allegiance|disband\w*|dissolv\w*|formed (?:a |an )?(?:new )?(?:group|force|unit|brigade|militia|alliance|coalition)|(?:were|was|been) formed|joined (?:the )?(?:ranks|fight)|relocat\w* (?:\w+ ){0,3}(?:headquarters|bases?|fighters|troops|forces|units?|command|camps?)|mobili[sz]\w*|splinter|reinforc\w*|fortif\w*|(?:mov|send|sent|rush)\w* (?:\w+ ){0,2}(?:troops|forces|fighters|reinforcements)|order(?:ed|s)? (?:[\w,]+ ){0,2}(?:more )?(?:troops|soldiers|reinforcements) (?:to|into)\b|troop build-?up|forwarded (?:\w+ ){0,2}fighters", 0.6),
    # other strategic developments (ACLED "Other"): blockades, sieges and martial law imposed, hostages or
    # captives released, ships hijacked (named at length: "the Galaxy Leader cargo ship"), mass graves found.
    # Left out: a state of emergency (declared for fires and floods as often as for violence) and a curfew
    # (mostly told as the authorities' answer to an event the article already codes: "the governor imposed a
    # 24-hour curfew" after a protest)
    ("other", r"impos\w* (?:a |an )?(?:[\w-]+ ){0,3}(?:blockade|martial law|state of siege)|(?:releas|fre)(?:ed|es|ing) (?:\w+ ){0,4}(?:hostages?|captives?|abductees|kidnapped|crew(?: members)?|detainees|soldiers|family members)|hijack(?:ed|ing|s)? (?:[\w\'’-]+ ){0,4}(?:ships?|vessels?|tankers?|planes?|aircraft|buses|bus|trucks?|lorr(?:y|ies)|vehicles?|boats?|dhows?|cars?|flights?)\b|mass graves?", 0.7),
    # an explosion told without its means ("militants blew up a mobile tower", "a school was blown up"); the
    # verb needs an object or the passive, so "the row blew up into a crisis" stays out
    ("injure", r"injur(?:e|ed|es|ing|ies)|wound(?:ed|s|ing)?|hurt", 0.4),
    ("explode", r"explo(?:sion|sions|ded|des|de|ding)|blasts?|bl(?:ew|owing) up (?:a|an|the|two|three|four|five|several|part|parts|\d+)\b|(?:was|were|been|being|be) blown up|detonat\w*|set(?:s|ting)? off (?:\w+ ){0,3}(?:bombs?|explosives?|devices?|blasts?)", 0.5),
)

# Cue patterns: words that shape the sub-type without anchoring an event by themselves.
CUES: dict[str, str] = {
    "air": r"air[- ]?strikes?|airstrik\w*|air[- ]?raids?|warplanes?|war planes?|fighter (?:jets?|planes?)|jets?\b|aircraft|helicopters?|gunships?|drones?|\buavs?\b|unmanned aerial|air force|bombers|aerial|barrel bombs?",
    "shell": r"shell(?:s|ed|ing)?|artillery|mortars?|rockets?|missiles?|howitzers?|katyusha|grad\b|projectiles?|tanks? (?:fire|shells?|rounds?|attack\w*)|bombard\w*|mlrs|rocket launchers?",
    "suicide": r"suicide|blew (?:himself|herself|themselves) up|self-detonat\w*|explosive (?:vests?|belts?)|killing (?:himself|herself|themselves)",
    "ied": r"roadside|\bieds?\b|\bvbieds?\b|improvised explosive|landmines?|land mines?|(?:ground|anti-tank|anti-personnel) mines?|explosive devices?|car bombs?|booby|bombs?\b|bombing|sticky bomb|magnetic bomb|explosives?",
    "grenade": r"grenades?",
    "chem": r"chemical (?:weapons?|attacks?|agents?|munitions?)|chlorine|sarin|mustard gas|nerve (?:agent|gas)|poison(?:ous)? gas|toxic gas",
    "firearm": r"gunmen|gunman|gunfire|opened fire|shot|shooting|rifles?|guns?\b|bullets",
    "protesters": r"protest\w*|demonstrat\w*|rall(?:y|ies)|marchers|(?-i:march)\b|sit-in|strikers|activists|crowds?|students",
    "protester_violence": r"riot(?!\s+(?:police|gear|squad|control|officers?|units?|troops|shields?))\w*|(?:threw|hurl\w*|pelt\w*|throwing|thrown) (?:\w+ ){0,2}(?:stones|rocks|bricks|bottles|petrol bombs|molotov|firecrackers|objects)|stone-?throw\w*|projectiles|turn\w* (?:\w+ )?violent|violence erupted|violent clashes|(?:set|lit|light\w*|started) (?:\w+ )?fires?|into (?:a |the )?fire|clash\w*|broke into|stormed|pull\w* down|debris|damag\w*|blocked|barricad\w*|(?<!attempted to )(?<!tried to )(?<!trying to )(?<!attempting to )(?:block\w*|shut down|shutting down|clos\w*) (?:\w+ ){0,3}(?:roads?|highways?|streets?|thoroughfares?|bridges?|railways?|intersections?|junctions?|traffic)|stone pelting|molotov|petrol bombs?|set (?:\w+ ){0,3}(?:on )?fire|torch\w*|vandal\w*|loot\w*|turned violent|violent (?:protest|demonstration)s?|clash\w* with (?:the )?(?:police|security|riot)|smash\w*|attacked (?:police|officers|security)|burn(?:ed|t|ing) (?:tyres|tires|cars|vehicles|buildings)|barricades?|running battles",
    "intervention": r"dispers\w*|chas(?:ed?|es|ing) (?:\w+ ){0,2}(?:protest[eo]rs|demonstrators|crowds?|marchers|students)|tear ?gas|water cannons?|rubber bullets|baton\w*|pepper spray|stun grenades?|broke up|break up|cracked down|crackdown|arrest\w*|detain\w*|charged (?:at|the)|beat\w* (?:the )?(?:protesters|demonstrators)|forcefully|removed by police",
    "lethal_force": r"live (?:ammunition|rounds|fire)|opened fire on (?:\w+ ){0,2}(?:protesters|protestors|demonstrators|crowd)|shot (?:dead )?(?:\w+ ){0,2}(?:protesters|protestors|demonstrators)|(?:protesters|protestors|demonstrators) (?:\w+ ){0,3}(?:shot|killed|died|dead)|killing (?:\w+ ){0,2}(?:protesters|protestors|demonstrators)|brutally (?:beat\w*|attack\w*|dispers\w*|suppress\w*|assault\w*)|beaten|beat(?:s|ing)? (?:up )?(?:an? |the )?(?:[\w-]+ )?(?:protest[eo]rs?|protestors?|demonstrators?|students)|hits? (?:an? |the )?(?:\w+ ){0,2}(?:protesters?|demonstrators?)|excessive force|suppress\w*|(?:violent|deadly|fatal|bloody|brutal|lethal) crackdown|(?:attack|assault)\w* (?:\w+ ){0,3}(?:protesters|protestors|demonstrators|demonstration|protest)",
    "civilians": r"civilians?|villagers?|residents?|farmers?|worshipp?ers|children|women|woman|girls?|boys?|students?|teachers?|pupils|passers-?by|shoppers|families|family|journalists?|reporters?|aid workers?|doctors?|nurses?|patients|refugees|migrants|pilgrims|herders?|traders?|merchants?|worker|workers|passengers|displaced|christians|muslims|market|mosque|church|school|hospital|homes?|house",
    # an agent named is an attack only as used ("barrels of chlorine were dropped", "exposed to sarin"); "the
    # sample was a nerve agent", "mustard gas stockpiles" name a substance
    "chem_attack": r"chemical (?:weapons? )?attacks?|gas attacks?|suffocat\w*|breathing difficult\w*|"
                   r"(?:us(?:e|ed|es|ing)|drop(?:ped|s|ping)?|fir(?:ed|es|ing)|launch\w*|releas\w*|spray\w*|exposed to|"
                   r"exposure to|poisoned (?:with|by)|filled with|contain\w*|laced with) (?:\w+ ){0,3}(?:chlorine|sarin|mustard gas|nerve agents?)|"
                   r"(?:chlorine|sarin|mustard gas|nerve agents?) (?:\w+ ){0,2}(?:attacks?|bombs?|barrels?|canisters?|strikes?|shells?|rockets?|"
                   r"(?:was|were|had been|has been|have been) (?:used|dropped|fired|released))|"
                   r"symptoms (?:\w+ ){0,4}(?:chlorine|sarin|nerve agents?|chemical)",
    "civilians_only": r"civilians?|villagers?|worshipp?ers|children|women|woman|girls?|students?|pupils|passers-?by|shoppers|families|journalists?|aid workers?|patients|refugees|migrants|pilgrims|displaced",
    "armed_target": r"personnel|security force members|soldiers?|troops?|army|military|police(?:men|man)?|officers?|security forces|forces|militants?|fighters?|rebels?|insurgents?|jihadists?|terrorists?|militia\w*|checkpoints?|bases?|convoy|patrol|barracks|outposts?|positions",
    "armed_group": r"gunmen|gunman|militants?|insurgents?|jihadists?|terrorists?|rebels?|armed (?:men|group|groups)|bandits|assailants|attackers|fighters|militia\w*|extremists|islamists?",
    "state_forces": r"army|soldiers?|troops|military|security forces|police(?:men)?|government forces|forces|navy|air force|gendarme\w*|officers",
    "crime": r"cyber\w*|hack(?:ed|ers?|ing)\b|website|online|e-?mail|robber\w*|robb(?:ed|ing)|theft|thie(?:f|ves)|burglar\w*|smuggl\w*|drug\w*|narcotics?|trafficking|fraud|heist|stolen|counterfeit|extortion|poach\w*|cocaine|heroin|marijuana|cannabis",
    "disaster": r"earthquake|flood\w*|landslide|cyclone|hurricane|typhoon|storm|tornado|tsunami|wildfire|bushfire|forest fire|drought|volcan\w*|avalanche|heavy rain|gas (?:leak|cylinder|explosion|tank)|accident\w*|collaps\w*|derail\w*|crash\w*|fire broke out|blaze|caught fire|short circuit|ammonium nitrate|chemical plant|factory fire|capsiz\w*|sank|poisoning|outbreak|epidemic|firefighters?|fire ?fighters?|fire brigade|fire service|propane|boiler|fireworks?|leak\w*|industrial|factory|fireballs?|fires? (?:are |were )?burning|temperatures",
    # sports reports "attack", "strike", "shot" and "battle" all the time
    "sport": r"strikers?\b(?! (?:and|or) (?:\w+ )?(?:protesters|workers))|goalkeeper|goal-?keeper|midfield\w*|defender|footballers?|"
             r"penalt(?:y|ies)|hat-?trick|scor(?:ed|ing) (?:\w+ ){0,2}(?:goals?|points|runs|tries|twice|once|the (?:winner|equali[sz]er|opener))|"
             r"equali[sz]\w*|(?:first|second) half\b(?! of)|premier league|champions league|world cup|semi-?finals?|quarter-?finals?|fixture|innings|wickets?|"
             r"batsm[ae]n|bowlers?|touchdown|playoffs?|\bnba\b|\bnfl\b|\bfifa\b|\buefa\b|referee|kick-?off|free-?kick",
    "weapons": r"weapons?|arms\b|ammunitions?|ammo|explosives?|firearms?|guns?\b|pistols?|rifles?|grenades?|bombs?|mines\b|rockets?|missiles?|drones?|projectiles",
    "territory_place": r"town|city|village|area|district|province|region|territory|border|crossing|airport|hill|neighbou?rhood|suburb|countryside|positions?|base|oil field|dam|road|highway|outskirts",
}

# a withdrawal anywhere in the sentence ("seized the area following the withdrawal of Puntland forces")
# makes territory gained there a non-violent transfer, even when that clause is not an event of its own
CUES["withdrawal"] = next(p for name, p, _ in TRIGGERS if name == "withdraw")
# fighting or killing anywhere in the sentence: ground taken then was not handed over peacefully
CUES["fighting"] = "|".join(p for name, p, _ in TRIGGERS if name in ("clash", "kill"))
# someone else gets the ground a withdrawal left: a handover, an entry unopposed, a deserted place taken.
# Without one of these a withdrawal is a group changing its activity (ACLED: Change to group/activity).
CUES["handover"] = (r"hand(?:ed|s|ing)? (?:over )?(?:\w+ ){0,2}control|handed (?:\w+ ){0,3}over|hand over|handover|"
                    + HANDED_PLACE_TO + "|"
                    r"ced(?:e|ed|es|ing) (?:\w+ ){0,3}(?:control|territory|towns?|villages?|areas?|city|region|bases?|positions)|"
                    r"without (?:a )?(?:fight|resistance|(?:a )?shot)|(?:without|not|no|never) (?:\w+ ){0,2}(?:encounter\w*|meet\w*|met|fac\w*) "
                    r"(?:any |much )?resistance|unopposed|(?:entered|moved into|moved in|marched into|rolled into|took over|"
                    r"taken over|assumed control|took control|taken control|seized|captured|occupied)\b|"
                    r"(?:leaving|left) (?:\w+ ){0,3}(?:in the hands of|to|under the control of)|in the hands of")
# a place nobody held any more: taking it needs no fight ("seized a deserted rocket-launching site")
CUES["unheld"] = r"deserted|abandoned|empty|vacated|evacuated"
# control won only for a while or over part of a place: ACLED codes the fighting, not a change of hands
CUES["partial_control"] = (r"(?:briefly|temporarily|momentarily|for (?:a few|several) hours) (?:\w+ ){0,2}(?:seiz|captur|took|taken|"
                           r"held|control|overr|occup)\w*|(?:seiz|captur|took|taken|control)\w* (?:control (?:of|over) )?"
                           r"(?:parts?|sections?|some (?:areas|parts|neighbou?rhoods)|a part) of|partial control|"
                           r"(?:later|subsequently) (?:withdrew|retreated|pulled (?:out|back))")
# an aircraft destroyed or shot down is the target: it does not make the strike an air strike
CUES["aircraft_target"] = (r"(?:destroy\w*|shoot\w* down|shot down|down(?:ed|ing)|damag\w*|hit|struck|targeted) (?:\w+ ){0,3}"
                           r"(?:helicopters?|aircraft|planes?|jets?|drones?)")
# a chemical agent named as the means ("filled with chlorine gas", "chemical weapons were used"), not as
# the target of a strike ("chemical weapons facilities") or the subject of diplomacy ("the convention")
CUES["chem_means"] = (r"(?:chemical (?:weapons?|agents?|munitions?)|chlorine|sarin|mustard gas|nerve (?:agent|gas)|"
                      r"poison(?:ous)? gas|toxic gas)\b(?! (?:\w+ )?(?:facilit\w*|sites?|plants?|stockpiles?|depots?|programm?es?|"
                      r"arsenals?|inspect\w*|watchdog|convention|treaty|production|research|storage|attacks?))")

_CUE_RES: dict[str, re.Pattern[str]] = {k: re.compile(rf"\b(?:{v})", re.I) for k, v in CUES.items()}
_TRIGGER_RES: tuple[tuple[str, re.Pattern[str], float], ...] = tuple(
    (family, re.compile(rf"\b(?:{pattern})\b", re.I), strength) for family, pattern, strength in TRIGGERS
)
_PREFILTER = re.compile(r"\b(?:" + "|".join(p for _, p, _ in TRIGGERS) + r")\b", re.I)


@dataclass(frozen=True, kw_only=True, slots=True)
class TriggerHit:
    """One trigger match inside a sentence; offsets are relative to the sentence string."""

    family: str
    start: int
    end: int
    text: str
    strength: float


def is_candidate(sentence: str) -> bool:
    """Cheap test: does the sentence contain any event trigger at all?"""
    return _PREFILTER.search(sentence) is not None


def find_triggers(sentence: str) -> list[TriggerHit]:
    """All trigger matches of the sentence, longest first where two overlap."""
    hits = [
        TriggerHit(family=family, start=m.start(), end=m.end(), text=m.group(), strength=strength)
        for family, regex, strength in _TRIGGER_RES
        for m in regex.finditer(sentence)
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[TriggerHit] = []
    for hit in hits:
        # keep overlapping hits of different families (a "drone attack" is both air and attack)
        if any(k.start <= hit.start < k.end and k.family == hit.family for k in kept):
            continue
        kept.append(hit)
    disrupted = [(h.start, h.end) for h in kept if h.family == "disrupt"]
    return [h for h in kept if not _not_violence(h, sentence, disrupted)]


# "attack drones", "attack helicopters": the name of a weapon, not an attack
_WEAPON_AFTER = re.compile(r"\s+(?:drones?|helicopters?|aircraft|jets?|planes?|submarines?|boats?|craft|dogs?|uavs?)\b", re.I)


# families whose words inside a seizure or interception name what was seized, not an attack
_USE_IN_SEIZURE = frozenset({"kill", "attack", "suicide", "ied", "grenade", "shell", "air"})


def _not_violence(hit: TriggerHit, sentence: str, disrupted: list[tuple[int, int]]) -> bool:
    """A violence word that is part of an interception ("shot down") or of a weapon's name."""
    if hit.family in _USE_IN_SEIZURE and any(s <= hit.start and hit.end <= e for s, e in disrupted):
        # "air defences shot down 18 drones": no one was shot; "recovered suicide vests": none was worn
        return True
    return hit.family == "attack" and hit.text.lower() == "attack" and _WEAPON_AFTER.match(sentence, hit.end) is not None


def cues(text: str) -> frozenset[str]:
    """The names of the cue groups present in ``text``."""
    return frozenset(name for name, regex in _CUE_RES.items() if regex.search(text))


@lru_cache(maxsize=64)
def cue_regex(name: str) -> re.Pattern[str]:
    """The compiled regex of one cue group (for span lookups)."""
    return _CUE_RES[name]
