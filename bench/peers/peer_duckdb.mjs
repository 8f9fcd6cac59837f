// DuckDB peer of `foi-contracts analyse` for the benchmark (bench/run.sh).
//
// Usage: node bench/peers/peer_duckdb.mjs [--tuned] FILE.csv [TYPES.csv]
//
// The same work as peer_pandas.py, in SQL on DuckDB (@duckdb/node-api, an
// in-memory database using every core): study-year filter on the dates,
// methods.md (Cells) money forms (anything else is missing), the provider-type cell
// when it names a type (methods.md (Provider types) rule 3) else the sidecar's type, per-type
// counts and shares, per-CCG HHI by value over the sidecar's canonical
// providers and its median, and quality-monitoring shares (methods.md (Cells)
// keywords). Prints {"figures": {name: number}} with methods.md (Figure names) names.
//
// --tuned writes the query as a DuckDB user who knows the data would:
// each distinct date parsed once, an amount's parts read with one match.
// Same rules, same figures.
import { DuckDBInstance } from '@duckdb/node-api';

const TYPES = ['nhs_foundation_trust', 'nhs_trust', 'other_nhs', 'local_authority', 'primary_care',
  'private', 'not_for_profit', 'voluntary', 'other', 'unknown'];

// methods.md (Provider types) rule 3: type-cell wordings, folded (lower case, punctuation as spaces).
const TYPE_CELL = {
  'ft': 'nhs_foundation_trust', 'nhs ft': 'nhs_foundation_trust', 'nhsft': 'nhs_foundation_trust',
  'foundation trust': 'nhs_foundation_trust', 'nhs foundation trust': 'nhs_foundation_trust',
  'nhs trust': 'nhs_trust',
  'other nhs': 'other_nhs', 'csu': 'other_nhs', 'ccg': 'other_nhs', 'nhs england': 'other_nhs',
  'commissioning support unit': 'other_nhs',
  'la': 'local_authority', 'council': 'local_authority', 'local authority': 'local_authority',
  'gp': 'primary_care', 'gp practice': 'primary_care', 'primary care': 'primary_care',
  'general practice': 'primary_care',
  'private': 'private', 'private sector': 'private', 'independent': 'private',
  'independent sector': 'private', 'is': 'private', 'ltd': 'private',
  'social enterprise': 'not_for_profit', 'cic': 'not_for_profit', 'not for profit': 'not_for_profit',
  'nfp': 'not_for_profit', 'community interest company': 'not_for_profit',
  'charity': 'voluntary', 'voluntary': 'voluntary', 'vcs': 'voluntary', 'voluntary sector': 'voluntary',
  'other': 'other', 'university': 'other',
};
const QUALITY_NOT_STATED = ['', 'n a', 'na', 'not known', 'not held', 'unknown', 'not stated'];

const sq = (s) => `'${String(s).replace(/'/g, "''")}'`;
const fold = (x) => `trim(regexp_replace(lower(coalesce(${x}, '')), '[^a-z0-9]+', ' ', 'g'))`;

async function main() {
  const args = process.argv.slice(2);
  const tuned = args[0] === '--tuned';
  if (tuned) args.shift();
  if (args.length < 1 || args.length > 2) {
    console.error('usage: peer_duckdb.mjs [--tuned] FILE.csv [TYPES.csv]');
    process.exit(2);
  }
  const path = args[0];
  const typesPath = args[1] ?? `${path}.types.csv`;
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const run = (sql) => con.run(sql);
  const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();

  const typeValues = Object.entries(TYPE_CELL).map(([k, v]) => `(${sq(k)}, ${sq(v)})`).join(', ');
  await run(`CREATE TEMP TABLE type_cell(text VARCHAR, type VARCHAR); INSERT INTO type_cell VALUES ${typeValues}`);
  await run(`CREATE TEMP TABLE side AS
    SELECT trim(spelling) AS spelling, any_value(type) AS type, any_value(canonical) AS canonical
    FROM read_csv(${sq(typesPath)}, header = true, all_varchar = true, quote = '"', escape = '"')
    GROUP BY 1`);

  const date = (c) => `coalesce(
      try_strptime(trim(${c}), '%d/%m/%Y'), try_strptime(trim(${c}), '%Y-%m-%d'),
      try_strptime(trim(${c}), '%d %B %Y'), try_strptime(trim(${c}), '%d-%b-%y'))`;
  const formats = `['%d/%m/%Y', '%Y-%m-%d', '%d %B %Y', '%d-%b-%y']`;
  const money = String.raw`'^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|m)?$'`;
  const moneyText = `trim(replace(lower(trim(coalesce("Contract value", ''))), '£', ''))`;
  // The straightforward query parses every cell where it stands; --tuned
  // parses each distinct date once (a national file repeats a few thousand
  // dates a million times) and reads an amount's parts with one match.
  const parsed = tuned ? `
    dates AS (
      SELECT s, try_strptime(trim(s), ${formats}) AS d
      FROM (SELECT "Start date" AS s FROM raw UNION SELECT "End date" FROM raw)
    ), parsed AS (
      SELECT upper(trim("CCG")) AS ccg,
             trim("Provider") AS provider,
             ${fold('"Provider type"')} AS type_text,
             regexp_extract(${moneyText}, ${money}, ['whole', 'fraction', 'unit']) AS m,
             sd.d AS start_d,
             ed.d AS end_d,
             ${fold('"Quality monitoring"')} AS q
      FROM raw
      LEFT JOIN dates sd ON sd.s = raw."Start date"
      LEFT JOIN dates ed ON ed.s = raw."End date"
    )` : `
    parsed AS (
      SELECT upper(trim("CCG")) AS ccg,
             trim("Provider") AS provider,
             ${fold('"Provider type"')} AS type_text,
             ${moneyText} AS money,
             ${date('"Start date"')} AS start_d,
             ${date('"End date"')} AS end_d,
             ${fold('"Quality monitoring"')} AS q
      FROM raw
    )`;
  const value = tuned ? `
           CASE WHEN p.m.whole <> '' THEN
             CAST(replace(p.m.whole, ',', '') || p.m.fraction AS DOUBLE)
             * CASE p.m.unit WHEN 'k' THEN 1e3 WHEN 'm' THEN 1e6 ELSE 1 END
           END` : `
           CASE WHEN regexp_full_match(p.money, ${money}) THEN
             CAST(replace(regexp_extract(p.money, ${money}, 1), ',', '') || regexp_extract(p.money, ${money}, 2) AS DOUBLE)
             * CASE regexp_extract(p.money, ${money}, 3) WHEN 'k' THEN 1e3 WHEN 'm' THEN 1e6 ELSE 1 END
           END`;
  await run(`CREATE TEMP TABLE c AS
    WITH raw AS ${tuned ? "NOT MATERIALIZED " : ""}(
      SELECT * FROM read_csv(${sq(path)}, header = true, all_varchar = true, quote = '"', escape = '"',
                             delim = ',', strict_mode = false)
    ), ${parsed}
    SELECT p.ccg,
           coalesce(tc.type, s.type, 'unknown') AS type,
           coalesce(s.canonical, p.provider) AS canonical,
           ${value} AS value,
           CASE WHEN p.q IN (${QUALITY_NOT_STATED.map(sq).join(', ')}) THEN 'not_stated'
                WHEN regexp_matches(p.q, '^(no|n|none|not monitored)( |$)') THEN 'no'
                ELSE 'yes' END AS quality
    FROM parsed p
    LEFT JOIN type_cell tc ON tc.text = p.type_text
    LEFT JOIN side s ON s.spelling = p.provider
    WHERE NOT coalesce(p.start_d > DATE '2016-03-31', false)
      AND NOT coalesce(p.end_d < DATE '2013-04-01', false)`);

  const [all] = await rows(`SELECT count(*)::BIGINT AS n, coalesce(sum(value), 0)::DOUBLE AS total,
      count(*) FILTER (WHERE value IS NULL)::BIGINT AS missing,
      count(*) FILTER (WHERE quality = 'yes')::BIGINT AS yes,
      count(*) FILTER (WHERE quality = 'no')::BIGINT AS no,
      count(*) FILTER (WHERE quality = 'not_stated')::BIGINT AS ns
    FROM c`);
  const n = Number(all.n);
  const total = Number(all.total);
  const fig = { contracts: n, 'value.total': total, 'value.missing_contracts': Number(all.missing) };
  const byType = new Map((await rows(`SELECT type, count(*)::BIGINT AS n, coalesce(sum(value), 0)::DOUBLE AS v
      FROM c GROUP BY type`)).map((r) => [r.type, r]));
  for (const t of TYPES) {
    const r = byType.get(t);
    const cn = r ? Number(r.n) : 0;
    const v = r ? Number(r.v) : 0;
    fig[`type.${t}.contracts`] = cn;
    fig[`type.${t}.contract_share`] = n ? cn / n : 0;
    fig[`type.${t}.value`] = v;
    fig[`type.${t}.value_share`] = total > 0 ? v / total : 0;
  }
  const d = n || 1;
  fig['quality.yes_share'] = Number(all.yes) / d;
  fig['quality.no_share'] = Number(all.no) / d;
  fig['quality.not_stated_share'] = Number(all.ns) / d;
  fig['quality.no_evidence_share'] = (Number(all.no) + Number(all.ns)) / d;

  const [h] = await rows(`WITH p AS (
      SELECT ccg, canonical, coalesce(sum(value), 0) AS v FROM c GROUP BY ccg, canonical
    ), t AS (
      SELECT ccg, sum(v) AS total FROM p GROUP BY ccg
    ), hhi AS (
      SELECT p.ccg, sum((p.v / t.total) * (p.v / t.total)) * 10000 AS hhi
      FROM p JOIN t USING (ccg) WHERE t.total > 0 GROUP BY p.ccg
    )
    SELECT coalesce(quantile_cont(hhi, 0.5), 0)::DOUBLE AS median, count(*)::BIGINT AS ccgs FROM hhi`);
  fig['hhi.median'] = Number(h.median);
  fig['hhi.ccgs'] = Number(h.ccgs);

  const [ver] = await rows('SELECT version() AS v');
  process.stdout.write(`${JSON.stringify({ peer: `duckdb${tuned ? '-tuned' : ''} ${ver.v}`, figures: fig }, null, 2)}\n`);
  con.closeSync?.();
}

main().catch((e) => {
  console.error(`peer_duckdb: ${e.message ?? e}`);
  process.exit(1);
});
