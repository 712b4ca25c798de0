"""A hand-written news synonym table for the copy generator (benchmarks only).

About 550 frequent English news words (300 were planned; at 300
the table covered only a third of the content words of the BBC set, too few
for a 40-50% spin), each mapped to one to three
replacements that a content-farm "article spinner" would plausibly use. The
table is deliberately crude in the way spinners are: a replacement is
chosen without looking at the sense of the word in context, and inflected
forms are listed as their own entries.

Format: one entry a line, ``word: replacement, replacement``.
"""

from __future__ import annotations

_TABLE = """
said: stated, noted, remarked
says: states, notes, remarks
told: informed, advised
added: continued, went on to say
year: twelve months
years: seasons
people: individuals, persons, folk
government: administration, authorities
new: fresh, novel
first: initial, opening
last: final, previous
time: moment, occasion
times: occasions
best: finest, top
make: create, produce
made: created, produced
makes: creates, produces
making: creating, producing
get: obtain, receive
got: obtained, received
getting: obtaining
take: grab, seize
took: grabbed, seized
taken: seized
taking: grabbing
give: hand, provide
gave: handed, provided
given: handed
next: following, upcoming
game: match, contest
games: matches, contests
music: songs, tunes
number: figure, quantity
numbers: figures
world: globe, planet
market: marketplace, trade
markets: marketplaces
company: firm, business, enterprise
companies: firms, businesses
firm: company, business
firms: companies, businesses
election: poll, vote
elections: polls
win: triumph, victory
won: clinched, secured
winning: triumphant, victorious
work: labour, effort
working: labouring, operating
play: perform, compete
played: performed, competed
playing: performing, competing
week: seven days
weeks: seven-day periods
home: residence, house
see: observe, witness
seen: observed, witnessed
technology: tech, engineering
million: mn
film: movie, picture
films: movies, pictures
movie: film, picture
top: leading, highest
public: community, populace
show: demonstrate, reveal
shows: demonstrates, reveals
showed: demonstrated, revealed
expected: anticipated, predicted
used: employed, utilised
players: competitors, athletes
player: competitor, athlete
end: finish, close
put: placed, set
high: elevated, lofty
months: many weeks
month: four weeks
plans: schemes, strategies
plan: scheme, strategy
mobile: portable, cellular
sales: revenues, takings
growth: expansion, progress
tax: levy, duty
taxes: levies, duties
economy: financial system
economic: financial, fiscal
need: require, want
needs: requires
needed: required
help: assist, aid
helped: assisted, aided
including: counting, such as
system: setup, framework
chief: head, principal
director: manager, supervisor
place: spot, location
party: faction, group
deal: agreement, bargain
deals: agreements
services: offerings
service: offering, facility
report: account, study
reports: accounts, studies
reported: documented, recounted
team: squad, side
move: step, shift
business: commerce, enterprise
industry: sector, trade
country: nation, state
countries: nations, states
start: begin, launch
started: began, launched
group: collective, body
users: customers, consumers
former: previous, ex
minister: official, secretary
day: date
days: dates
phone: handset, telephone
phones: handsets
big: large, huge
biggest: largest, greatest
came: arrived, appeared
come: arrive, appear
coming: arriving, upcoming
spokesman: representative, spokesperson
future: coming years, hereafter
better: superior, improved
know: understand, realise
great: excellent, tremendous
hit: struck, impacted
decision: ruling, choice
found: discovered, located
information: details, data
likely: probable, expected
video: footage, clip
digital: electronic, computerised
far: distant, much
using: utilising, employing
side: team, camp
lot: great deal
action: activity, measures
without: lacking, minus
another: one more, a further
able: capable, in a position
club: organisation, outfit
figures: statistics, numbers
campaign: drive, push
computer: machine, PC
away: off, elsewhere
offer: provide, present
become: turn into, grow into
run: operate, manage
data: information, figures
according: as stated
online: on the internet, web-based
lost: misplaced, forfeited
law: legislation, statute
match: game, fixture
left: departed, exited
line: row, queue
general: common, overall
rise: increase, climb
rises: increases, climbs
rose: increased, climbed
rising: climbing, increasing
cost: price, expense
costs: expenses, charges
pay: compensate, remunerate
past: previous, former
look: appear, seem
case: instance, situation
life: existence
executive: administrator, official
important: crucial, significant
news: reports, headlines
role: part, function
leader: head, chief
current: present, existing
believe: think, feel
believes: thinks, feels
legal: lawful, judicial
went: headed, travelled
cut: reduce, trim
cuts: reductions, trims
state: declare, express
increase: rise, growth
increased: grew, climbed
interest: attention, curiosity
recent: latest, new
spending: expenditure, outlay
quarter: three-month period
strong: robust, powerful
oil: petroleum, crude
further: additional, more
thought: idea, notion
support: backing, help
media: press, news outlets
real: genuine, actual
issue: matter, problem
issues: matters, problems
change: alter, modify
changes: alterations, modifications
try: attempt, seek
held: kept, hosted
ahead: forward, in advance
major: main, key
season: campaign, term
different: distinct, various
latest: newest, most recent
announced: declared, revealed
following: after, subsequent to
little: small, minor
foreign: overseas, international
international: global, worldwide
looking: seeking, searching
star: celebrity, luminary
chance: opportunity, possibility
free: complimentary, gratis
full: complete, entire
find: discover, locate
series: sequence, run
access: entry, admission
rate: pace, speed
rates: levels, charges
meeting: gathering, conference
include: contain, comprise
problem: difficulty, trouble
problems: difficulties, troubles
website: web site, portal
keep: retain, maintain
key: crucial, central
statement: announcement, declaration
award: prize, honour
awards: prizes, honours
point: stage, moment
sold: traded, marketed
share: portion, stake
shares: stocks, equities
clear: obvious, evident
court: tribunal
claims: assertions, allegations
claim: assert, allege
claimed: asserted, alleged
programme: scheme, project
currently: presently, at present
low: reduced, modest
power: strength, control
released: launched, issued
injury: harm, wound
despite: in spite of, notwithstanding
political: governmental, partisan
demand: appetite, call
continue: carry on, persist
return: come back, go back
earlier: previously, before
research: study, investigation
almost: nearly, practically
head: lead, top
financial: monetary, fiscal
job: post, position
jobs: positions, posts
rights: entitlements, privileges
available: accessible, obtainable
possible: feasible, achievable
warned: cautioned, alerted
price: cost, charge
prices: costs, charges
huge: enormous, massive
open: accessible, unlocked
allow: permit, let
list: roster, register
network: web, grid
level: degree, extent
police: officers, law enforcement
search: hunt, quest
sale: sell-off, disposal
manager: boss, supervisor
known: recognised, familiar
hold: keep, maintain
running: operating, managing
children: youngsters, kids
main: chief, principal
members: associates, participants
trade: commerce, trading
investment: funding, stake
success: achievement, triumph
beat: defeated, overcame
wanted: desired, sought
trying: attempting, seeking
forward: ahead, onward
production: output, manufacture
analysts: experts, observers
competition: contest, tournament
version: edition, variant
agreed: accepted, consented
fans: supporters, followers
buy: purchase, acquire
bought: purchased, acquired
war: conflict, fighting
career: profession, vocation
led: guided, headed
small: minor, modest
evidence: proof, testimony
difficult: hard, challenging
recently: lately, of late
failed: faltered, fell short
asked: questioned, queried
vote: ballot, poll
goal: aim, target
higher: greater, loftier
office: bureau, department
policy: approach, strategy
budget: spending plan, finances
previous: prior, preceding
popular: well-liked, favoured
national: nationwide, domestic
event: occasion, function
young: youthful, junior
customers: clients, buyers
annual: yearly
rules: regulations, guidelines
received: obtained, got
hope: wish, expect
trial: hearing, test
global: worldwide, international
champion: winner, titleholder
large: big, sizeable
release: launch, issue
paid: compensated, settled
involved: engaged, implicated
launch: start, introduce
fell: dropped, declined
fall: drop, decline
profits: earnings, gains
profit: earnings, gain
debt: borrowing, liabilities
products: goods, items
health: wellbeing, fitness
pressure: strain, stress
development: growth, progress
launched: introduced, unveiled
largest: biggest, greatest
remain: stay, persist
create: produce, generate
ensure: guarantee, make certain
meet: encounter, satisfy
family: household, relatives
giant: behemoth, titan
order: command, instruction
potential: possible, prospective
stop: halt, cease
television: TV, broadcasting
women: ladies, females
men: males, gentlemen
accused: charged, alleged
results: outcomes, findings
boss: chief, head
provide: supply, furnish
leading: top, foremost
simply: merely, just
survey: poll, study
senior: high-ranking, top
attacks: assaults, strikes
official: authorised, formal
period: stretch, spell
bank: lender
proposals: plans, suggestions
stock: shares, equity
average: typical, mean
brought: carried, delivered
impact: effect, influence
admitted: confessed, acknowledged
forced: compelled, obliged
extra: additional, further
special: particular, unique
charge: fee, accusation
process: procedure, method
talks: negotiations, discussions
decided: resolved, chose
fight: battle, struggle
speech: address, talk
newspaper: paper, publication
aid: assistance, support
early: premature, initial
strong-willed: determined
warning: caution, alert
risk: danger, hazard
concerns: worries, fears
concern: worry, fear
significant: considerable, notable
reached: attained, got to
month-long: four-week
sign: signal, indication
signed: inked, agreed
fans': supporters'
quickly: rapidly, swiftly
very: extremely, highly
really: truly, genuinely
also: too, in addition
however: nevertheless, though
still: nonetheless, yet
around: roughly, about
now: currently, at present
many: numerous, plenty of
like: such as, similar to
because: since, as
while: whilst, whereas
back: rear, behind
way: manner, method
well: effectively, properly
set: fixed, established
good: fine, decent
going: heading, moving
much: a great deal, significantly
since: because, as
think: reckon, suppose
use: employ, utilise
say: declare, state
part: portion, section
go: travel, head
want: desire, wish
even: still, yet
already: previously, by now
money: cash, funds
right: correct, proper
record: document, log
called: named, termed
every: each, all
although: though, even though
whether: if
later: afterwards, subsequently
security: safety, protection
less: fewer, lower
long: lengthy, extended
due: owing, expected
never: not ever, at no time
control: command, authority
until: till, up to
local: regional, neighbourhood
hard: tough, difficult
half: fifty per cent
among: amid, amongst
something: anything, a thing
yet: so far, still
face: confront, encounter
ago: previously, back
lead: head, guide
enough: sufficient, adequate
behind: backing, at the back of
rather: instead, somewhat
things: items, matters
done: completed, finished
across: throughout, over
ever: at any time, always
means: implies, signifies
coach: trainer, manager
minutes: moments
content: material, substance
performance: display, showing
result: outcome, consequence
doing: performing, carrying out
least: smallest, minimum
title: crown, championship
victory: win, triumph
actor: performer, star
thing: item, object
chairman: chair, head
close: near, shut
several: a number of, various
based: founded, located
though: although, however
president: head, leader
site: location, venue
album: record, LP
band: group, act
bid: offer, attempt
comes: arrives, appears
man: person, gentleman
total: overall, whole
form: shape, type
others: other people, the rest
consumer: shopper, buyer
wants: desires, wishes
cash: money, funds
single: sole, solitary
points: marks, scores
song: track, tune
instead: rather, in its place
bill: invoice, measure
consumers: shoppers, buyers
fact: truth, reality
nothing: zero, not anything
sites: locations, venues
mean: signify, imply
house: home, dwelling
race: contest, competition
late: belated, tardy
feel: sense, believe
sure: certain, confident
name: title, label
book: volume, publication
sent: dispatched, delivered
similar: comparable, alike
growing: expanding, increasing
break: interval, pause
calls: appeals, demands
idea: notion, concept
quite: fairly, rather
call: appeal, demand
whole: entire, complete
choice: option, selection
car: vehicle, automobile
anything: whatever, any item
boost: lift, uplift
tour: trip, visit
prize: award, reward
value: worth, price
turn: rotate, switch
live: reside, exist
bring: deliver, fetch
project: venture, scheme
areas: regions, zones
worked: laboured, functioned
groups: bodies, collectives
hopes: wishes, aspirations
soon: shortly, before long
voters: electors, the electorate
spent: expended, used
sector: industry, field
particularly: especially, notably
comments: remarks, observations
became: turned into, grew into
officials: authorities, functionaries
staff: employees, personnel
amount: quantity, sum
appeal: plea, request
view: opinion, outlook
target: goal, objective
private: personal, confidential
often: frequently, regularly
authorities: officials, powers
concerned: worried, anxious
situation: circumstance, position
opportunity: chance, opening
investors: backers, shareholders
moment: instant, second
named: called, termed
created: made, formed
experience: expertise, background
confirmed: verified, affirmed
attack: assault, offensive
offered: proposed, presented
revealed: disclosed, unveiled
widely: broadly, extensively
"""


def _parse(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        word, _, rest = line.partition(":")
        word = word.strip()
        if not word or not word.isalpha():
            continue  # keep single plain words only
        syns = tuple(s.strip() for s in rest.split(",") if s.strip())
        if syns:
            out[word] = syns
    return out


SYNONYMS: dict[str, tuple[str, ...]] = _parse(_TABLE)
