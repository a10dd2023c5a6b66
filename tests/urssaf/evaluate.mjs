// URSSAF's own rules (npm `modele-social`, the model behind mon-entreprise.urssaf.fr, evaluated
// with `publicodes`) for one monthly declaration of a micro-entrepreneur.
//
// stdin : a JSON array of cases
//   { "id": any, "date": "YYYY-MM-DD", "activity": "vente" | "vente_artisan" | "services_bic"
//     | "services_artisan" | "bnc" | "cipav", "sales": €, "services": €,
//     "acre": bool, "creation": "YYYY-MM-DD" (start of activity, needed with ACRE), "vl": bool }
//   `sales` and `services` are the turnover cashed in during the month (€, HT).
// stdout: a JSON array, in the same order, of
//   { "id", "cotisations", "cfp", "tfc", "vl", "total" }   (€ for the month)
//
// The situation mirrors the auto-entrepreneur simulator's (betagouv/mon-entreprise,
// site/source/pages/simulateurs/auto-entrepreneur/simulationConfig.ts): EI, auto-entrepreneur,
// not salaried. The turnover of each category is set directly on `entreprise . chiffre
// d'affaires . <catégorie>`, so any mix of sales and services works for every activity.
//
// Caveats of the simulator, that the callers must respect:
// - it rounds each category's turnover to the euro (in the month, the unit given here): give
//   whole euros (URSSAF declarations are in whole euros);
// - it computes in binary floating point: CA × 9.2 % is (CA × 9.2) / 100, so an amount that is
//   exactly x.50 € in decimal may come out as x.4999… and round down (125 € × 9.2 % -> 11 €);
// - ACRE applies to every month of a year whose 1 January is less than a year after the start
//   ("dirigeant . exonérations . ACRE": applicable si durée d'activité en début d'année < 1 an):
//   it does not end at the end of the 3rd civil quarter after the start; only ask for ACRE on
//   months inside the real ACRE period.
import rules from 'modele-social'
import Engine from 'publicodes'

const engine = new Engine(rules, { logger: { log() {}, warn() {}, error() {} } })

const NATURE = {
	vente: ['commerciale', false],
	services_bic: ['commerciale', false],
	vente_artisan: ['artisanale', false],
	services_artisan: ['artisanale', false],
	bnc: ['libérale', false],
	cipav: ['libérale', true],
}
const AE = 'dirigeant . auto-entrepreneur'
const CC = `${AE} . cotisations et contributions`

function frDate(iso) {
	const [y, m, d] = iso.split('-')
	return `'${d}/${m}/${y}'`
}

function euros(x) {
	// publicodes parses a number literal; keep full precision, no exponent
	return `${Number(x)} €/mois`
}

function evaluateCase(c) {
	const entry = NATURE[c.activity]
	if (!entry) throw new Error(`unknown activity: ${c.activity}`)
	const [nature, regulated] = entry
	const liberal = nature === 'libérale'
	const situation = {
		date: frDate(c.date),
		salarié: 'non',
		'entreprise . catégorie juridique': "'EI'",
		'entreprise . catégorie juridique . EI . auto-entrepreneur': 'oui',
		'entreprise . imposition . régime . micro-entreprise': 'oui',
		'entreprise . activité . nature': `'${nature}'`,
		"entreprise . chiffre d'affaires . vente restauration hébergement": euros(c.sales || 0),
		"entreprise . chiffre d'affaires . service BIC": euros(liberal ? 0 : c.services || 0),
		"entreprise . chiffre d'affaires . service BNC": euros(liberal ? c.services || 0 : 0),
		[`${AE} . impôt . versement libératoire`]: c.vl ? 'oui' : 'non',
		'dirigeant . exonérations . ACRE': c.acre ? 'oui' : 'non',
	}
	if (liberal) {
		situation['entreprise . activité . nature . libérale . réglementée'] = regulated ? 'oui' : 'non'
	}
	if (c.creation) situation['entreprise . date de création'] = frDate(c.creation)
	engine.setSituation(situation)
	const value = (name) => {
		const v = engine.evaluate({ valeur: name, unité: '€/mois' }).nodeValue
		return typeof v === 'number' ? v : 0
	}
	const out = {
		id: c.id,
		cotisations: value(`${CC} . cotisations`),
		cfp: value(`${CC} . CFP`),
		tfc: value(`${CC} . TFC`),
		vl: c.vl ? value(`${AE} . impôt . versement libératoire . montant`) : 0,
	}
	out.total = out.cotisations + out.cfp + out.tfc + out.vl
	return out
}

let input = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk) => (input += chunk))
process.stdin.on('end', () => {
	const cases = JSON.parse(input || '[]')
	const results = (Array.isArray(cases) ? cases : [cases]).map(evaluateCase)
	process.stdout.write(JSON.stringify(results) + '\n')
})
