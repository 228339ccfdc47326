<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Field</name>
    <message>
        <location filename="../core/analysis/fields.cpp" line="37"/>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="38"/>
        <source>Scored tokens</source>
        <translation>Bewertete Token</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="39"/>
        <source>tokens: scored positions</source>
        <translation>tokens: bewertete Positionen</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="41"/>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="42"/>
        <source>Bytes of text</source>
        <translation>Bytes Text</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="43"/>
        <source>bytes: UTF-8 bytes of the documents counted</source>
        <translation>bytes: UTF-8-Bytes der gezählten Dokumente</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="45"/>
        <location filename="../core/analysis/fields.cpp" line="46"/>
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="47"/>
        <source>nll_mean: mean −log p(truth), nats</source>
        <translation>nll_mean: Mittelwert von −log p(Wahrheit), nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="49"/>
        <location filename="../core/analysis/fields.cpp" line="50"/>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="51"/>
        <source>perplexity: exp(nll_mean)</source>
        <translation>perplexity: exp(nll_mean)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="53"/>
        <source>Δ NLL</source>
        <translation>Δ NLL</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="54"/>
        <source>Δ NLL vs base</source>
        <translation>Δ NLL gegenüber Basis</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="55"/>
        <source>delta_nll: this map&apos;s NLL minus the base map&apos;s over the same positions</source>
        <translation>delta_nll: NLL dieser Karte minus die der Basiskarte über dieselben Positionen</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="57"/>
        <source>KL(b‖m)</source>
        <translation>KL(b‖m)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="58"/>
        <source>KL(base ‖ map)</source>
        <translation>KL(Basis ‖ Karte)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="59"/>
        <source>kl_bt_mean: mean KL(base ‖ map), nats</source>
        <translation>kl_bt_mean: mittlere KL(Basis ‖ Karte), nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="61"/>
        <source>KL(m‖b)</source>
        <translation>KL(m‖b)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="62"/>
        <source>KL(map ‖ base)</source>
        <translation>KL(Karte ‖ Basis)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="63"/>
        <source>kl_tb_mean: mean KL(map ‖ base), nats</source>
        <translation>kl_tb_mean: mittlere KL(Karte ‖ Basis), nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="65"/>
        <source>JS</source>
        <translation>JS</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="66"/>
        <source>Jensen–Shannon</source>
        <translation>Jensen–Shannon</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="67"/>
        <source>js_mean: mean Jensen–Shannon divergence from the base map, nats</source>
        <translation>js_mean: mittlere Jensen–Shannon-Divergenz zur Basiskarte, nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="69"/>
        <location filename="../core/analysis/fields.cpp" line="70"/>
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="71"/>
        <source>entropy_mean: mean entropy of the predictions, nats</source>
        <translation>entropy_mean: mittlere Entropie der Vorhersagen, nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="73"/>
        <source>Δ Entropy</source>
        <translation>Δ Entropie</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="74"/>
        <source>Δ entropy vs base</source>
        <translation>Δ Entropie gegenüber Basis</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="75"/>
        <source>delta_entropy: entropy minus the base map&apos;s; &lt; 0 means the map grew more certain</source>
        <translation>delta_entropy: Entropie minus die der Basiskarte; &lt; 0 heißt, die Karte ist sicherer geworden</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="77"/>
        <source>ECE</source>
        <translation>ECE</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="78"/>
        <source>Expected calibration error</source>
        <translation>Erwarteter Kalibrierungsfehler</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="79"/>
        <source>ece: expected calibration error over 15 confidence bins</source>
        <translation>ece: erwarteter Kalibrierungsfehler über 15 Konfidenzklassen</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="81"/>
        <source>Brier</source>
        <translation>Brier</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="82"/>
        <source>Brier score</source>
        <translation>Brier-Score</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="83"/>
        <source>brier: mean Brier score of the full distribution</source>
        <translation>brier: mittlerer Brier-Score der gesamten Verteilung</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="85"/>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="86"/>
        <source>Top-1 accuracy</source>
        <translation>Top-1-Genauigkeit</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="87"/>
        <source>top1_accuracy: share of positions whose most likely token is the truth</source>
        <translation>top1_accuracy: Anteil der Positionen, deren wahrscheinlichstes Token das wahre ist</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="89"/>
        <source>Temp.</source>
        <translation>Temp.</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="90"/>
        <source>Recalibration temperature</source>
        <translation>Rekalibrierungstemperatur</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="91"/>
        <source>temperature: the T that minimises NLL of softmax(logits / T)</source>
        <translation>temperature: das T, das die NLL von softmax(logits / T) minimiert</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="93"/>
        <source>Bits/byte</source>
        <translation>Bits/Byte</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="94"/>
        <source>Bits per byte</source>
        <translation>Bits pro Byte</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="95"/>
        <source>bits_per_byte: total NLL in bits per UTF-8 byte of text</source>
        <translation>bits_per_byte: gesamte NLL in Bits pro UTF-8-Byte Text</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="97"/>
        <source>Added mass</source>
        <translation>Zusätzliche Masse</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="98"/>
        <source>Mass on added tokens</source>
        <translation>Masse auf hinzugefügten Token</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="99"/>
        <source>added_mass_mean: mean probability on ids the base vocabulary lacks</source>
        <translation>added_mass_mean: mittlere Wahrscheinlichkeit auf IDs, die dem Basisvokabular fehlen</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="101"/>
        <source>K₀</source>
        <translation>K₀</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="102"/>
        <source>KL without the prompt</source>
        <translation>KL ohne den Prompt</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="103"/>
        <source>k0: mean KL(map ‖ base) without the prompt, nats</source>
        <translation>k0: mittlere KL(Karte ‖ Basis) ohne den Prompt, nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="105"/>
        <source>K_P</source>
        <translation>K_P</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="106"/>
        <source>KL under the prompt</source>
        <translation>KL unter dem Prompt</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="107"/>
        <source>kp: mean KL(map ‖ base under the prompt), nats</source>
        <translation>kp: mittlere KL(Karte ‖ Basis unter dem Prompt), nats</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="109"/>
        <location filename="../core/analysis/fields.cpp" line="110"/>
        <source>Zoom recovered</source>
        <translation>Durch Zoom erklärt</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="111"/>
        <source>zoom_recovered: 1 − K_P / K_0, the share of the tuning the prompt explains</source>
        <translation>zoom_recovered: 1 − K_P / K_0, der Anteil des Nachtrainings, den der Prompt erklärt</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <location filename="../widgets/export/figures.cpp" line="30"/>
        <source>positions (count per bin)</source>
        <translation>Positionen (Anzahl je Klasse)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="62"/>
        <source>Reliability diagram (%1 equal-width confidence bins)</source>
        <translation>Zuverlässigkeitsdiagramm (%1 gleich breite Konfidenzklassen)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="67"/>
        <source>confidence: max p (share)</source>
        <translation>Konfidenz: max p (Anteil)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="68"/>
        <source>accuracy: share of argmax = truth</source>
        <translation>Genauigkeit: Anteil argmax = Wahrheit</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="81"/>
        <source>%1 (ECE %2)</source>
        <translation>%1 (ECE %2)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="84"/>
        <source>perfectly calibrated</source>
        <translation>perfekt kalibriert</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="94"/>
        <source>Fidelity quadrants of each map</source>
        <translation>Treue-Quadranten jeder Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="100"/>
        <source>share of scored positions (%)</source>
        <translation>Anteil der bewerteten Positionen (%)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="101"/>
        <source>map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="102"/>
        <source>known (NLL ≤ %1 nats)</source>
        <translation>bekannt (NLL ≤ %1 nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="103"/>
        <source>blank (NLL &gt; %1, entropy &gt; %2 nats)</source>
        <translation>leer (NLL &gt; %1, Entropie &gt; %2 nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="105"/>
        <source>misdrawn (NLL &gt; %1, entropy ≤ %2 nats)</source>
        <translation>falsch gezeichnet (NLL &gt; %1, Entropie ≤ %2 nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="126"/>
        <source>Every metric along the lineage</source>
        <translation>Jede Metrik entlang der Abstammungslinie</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="179"/>
        <source>Mean Δ NLL of each tuned map by %1</source>
        <translation>Mittleres Δ NLL jeder getunten Karte nach %1</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="185"/>
        <source>mean Δ NLL, map − base (nats)</source>
        <translation>mittleres Δ NLL, Karte − Basis (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="213"/>
        <source>histogram of Δ NLL per position, each tuned map against the base</source>
        <translation>Histogramm von Δ NLL je Position, jede getunte Karte gegen die Basis</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="214"/>
        <source>histogram of KL(base ‖ map) per position</source>
        <translation>Histogramm von KL(base ‖ map) je Position</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="215"/>
        <source>histogram of each map&apos;s entropy per position</source>
        <translation>Histogramm der Entropie jeder Karte je Position</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="216"/>
        <source>reliability diagram (calibration) of every map, with ECE</source>
        <translation>Zuverlässigkeitsdiagramm (Kalibrierung) jeder Karte, mit ECE</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="217"/>
        <source>fidelity quadrants: known, blank and misdrawn positions per map</source>
        <translation>Treue-Quadranten: bekannte, leere und falsch gezeichnete Positionen je Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="218"/>
        <source>small multiples: every summary metric along the lineage</source>
        <translation>Small Multiples: jede zusammenfassende Metrik entlang der Abstammungslinie</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="219"/>
        <source>mean Δ NLL per metadata value (--field) for each tuned map</source>
        <translation>mittleres Δ NLL je Metadatenwert (--field) für jede getunte Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="220"/>
        <source>token strip over a span (--document, --start, --length) with every map</source>
        <translation>Token-Streifen über einen Bereich (--document, --start, --length) mit jeder Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="222"/>
        <source>the projection scatter coloured by a metric (--metric, --map)</source>
        <translation>das Projektionsstreudiagramm, eingefärbt nach einer Metrik (--metric, --map)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="223"/>
        <source>top-k comparison of every map at one position (--document, --position)</source>
        <translation>top-k-Vergleich aller Karten an einer Position (--document, --position)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="225"/>
        <source>share of each tuned map&apos;s KL each prompt of a zoom run recovers (--zoom)</source>
        <translation>Anteil der KL jeder getunten Karte, den jeder Prompt eines Zoom-Laufs zurückgewinnt (--zoom)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="228"/>
        <source>zoom at a token: base, base ⊕ prompt and tuned maps&apos; probabilities (--zoom, --prompt, --document, --position)</source>
        <translation>Zoom an einem Token: Wahrscheinlichkeiten der Basis, Basis ⊕ Prompt und der getunten Karten (--zoom, --prompt, --document, --position)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="230"/>
        <source>a stored sample set&apos;s columns side by side, coloured by −log p under the base (--sample-set)</source>
        <translation>die Spalten einer gespeicherten Stichprobe nebeneinander, gefärbt nach −log p unter der Basis (--sample-set)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="259"/>
        <source>Δ NLL per position (map − base)</source>
        <translation>Δ NLL je Position (Karte − Basis)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="260"/>
        <source>−log p(map) + log p(base) (nats); &gt; 0: the map is less sure of the truth</source>
        <translation>−log p(map) + log p(base) (nats); &gt; 0: die Karte ist sich der Wahrheit weniger sicher</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="262"/>
        <source>KL(base ‖ map) per position</source>
        <translation>KL(base ‖ map) je Position</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="263"/>
        <source>KL(base ‖ map) (nats)</source>
        <translation>KL(base ‖ map) (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="265"/>
        <source>Entropy of each map per position</source>
        <translation>Entropie jeder Karte je Position</translation>
    </message>
    <message>
        <location filename="../widgets/export/figures.cpp" line="266"/>
        <source>entropy H (nats)</source>
        <translation>Entropie H (nats)</translation>
    </message>
</context>
<context>
    <name>JobStage</name>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="11"/>
        <source>clicks</source>
        <translation>Klicks</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="12"/>
        <source>converting weights</source>
        <translation>Gewichte werden umgewandelt</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="13"/>
        <source>copying session</source>
        <translation>Sitzung wird kopiert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="14"/>
        <source>cross-scoring the samples</source>
        <translation>Stichproben werden gegenseitig bewertet</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="15"/>
        <source>dequantizing weights</source>
        <translation>Gewichte werden dequantisiert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="16"/>
        <source>hashing weights</source>
        <translation>Prüfsumme der Gewichte</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="17"/>
        <source>histograms</source>
        <translation>Histogramme</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="18"/>
        <source>loading TorchScript</source>
        <translation>TorchScript wird geladen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="19"/>
        <source>loading tracks</source>
        <translation>Spuren werden geladen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="20"/>
        <source>mapping weights</source>
        <translation>Gewichte werden eingeblendet</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="21"/>
        <source>preparing the document</source>
        <translation>Dokument wird vorbereitet</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="22"/>
        <source>reading fortunes</source>
        <translation>Fortunes werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="23"/>
        <source>reading safetensors headers</source>
        <translation>safetensors-Köpfe werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="24"/>
        <source>reading session</source>
        <translation>Sitzung wird gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="25"/>
        <source>reading shards</source>
        <translation>Shards werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="26"/>
        <source>reading the GGUF header</source>
        <translation>GGUF-Kopf wird gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="27"/>
        <source>recording the token shift</source>
        <translation>Token-Verschiebung wird gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="28"/>
        <source>sampling</source>
        <translation>Stichprobe</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="29"/>
        <source>sampling side by side</source>
        <translation>Stichproben nebeneinander</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="30"/>
        <source>saving session</source>
        <translation>Sitzung wird gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="31"/>
        <source>scoring</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="32"/>
        <source>summarising</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="33"/>
        <source>token shift</source>
        <translation>Token-Verschiebung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="34"/>
        <source>tokenizing</source>
        <translation>Tokenisierung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="35"/>
        <source>tokenizing the training fortunes</source>
        <translation>Trainings-Fortunes werden tokenisiert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="36"/>
        <source>training the tokenizer</source>
        <translation>Tokenizer wird trainiert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="37"/>
        <source>writing a synthetic session</source>
        <translation>Synthetische Sitzung wird geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="38"/>
        <source>writing checkpoints</source>
        <translation>Checkpoints werden geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="39"/>
        <source>writing the merged run</source>
        <translation>Zusammengeführter Lauf wird geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="40"/>
        <source>writing the token table</source>
        <translation>Token-Tabelle wird geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="41"/>
        <source>zooming</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobstage.cpp" line="51"/>
        <source>reading %1</source>
        <translation>%1 wird gelesen</translation>
    </message>
</context>
<context>
    <name>Metric</name>
    <message>
        <location filename="../core/analysis/fields.cpp" line="116"/>
        <source>Δ log p vs base (nats)</source>
        <translation>Δ log p gegenüber Basis (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="117"/>
        <source>log p(token) under this map minus under the base map; negative where tuning moved probability away from the ground truth</source>
        <translation>log p(Token) unter dieser Karte minus unter der Basiskarte; negativ, wo das Nachtraining Wahrscheinlichkeit von der Grundwahrheit abgezogen hat</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="120"/>
        <source>KL(base ‖ map) (nats)</source>
        <translation>KL(Basis ‖ Karte) (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="121"/>
        <source>How much of the base map&apos;s belief this map dropped at this position</source>
        <translation>Wie viel von der Einschätzung der Basiskarte diese Karte an dieser Position aufgegeben hat</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="123"/>
        <source>KL(map ‖ base) (nats)</source>
        <translation>KL(Karte ‖ Basis) (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="124"/>
        <source>How far this map moved into places the base map thought unlikely</source>
        <translation>Wie weit sich diese Karte in Bereiche bewegt hat, die die Basiskarte für unwahrscheinlich hielt</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="126"/>
        <source>Jensen–Shannon (nats)</source>
        <translation>Jensen–Shannon (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="127"/>
        <source>Symmetric divergence between this map and the base map</source>
        <translation>Symmetrische Divergenz zwischen dieser Karte und der Basiskarte</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="129"/>
        <source>Entropy (nats)</source>
        <translation>Entropie (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="130"/>
        <source>Uncertainty of the next-token distribution</source>
        <translation>Unsicherheit der Verteilung über das nächste Token</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="132"/>
        <source>Δ entropy vs base (nats)</source>
        <translation>Δ Entropie gegenüber Basis (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="133"/>
        <source>Entropy of this map minus the base map&apos;s; negative where the map collapsed</source>
        <translation>Entropie dieser Karte minus die der Basiskarte; negativ, wo die Karte kollabiert ist</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="135"/>
        <source>Rank of the true token</source>
        <translation>Rang des wahren Tokens</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="136"/>
        <source>1 + number of tokens the map found more likely than the ground truth</source>
        <translation>1 + Anzahl der Tokens, die die Karte für wahrscheinlicher hielt als die Grundwahrheit</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="138"/>
        <source>NLL (nats)</source>
        <translation>NLL (nats)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="139"/>
        <source>Negative log-likelihood of the ground-truth token</source>
        <translation>Negative Log-Likelihood des wahren Tokens</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="141"/>
        <source>Confidence (max p)</source>
        <translation>Konfidenz (max p)</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="142"/>
        <source>Probability of the map&apos;s most likely token</source>
        <translation>Wahrscheinlichkeit des wahrscheinlichsten Tokens der Karte</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="103"/>
        <source>token %1 of “%2”</source>
        <translation>Token %1 von „%2“</translation>
    </message>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="113"/>
        <source>log p</source>
        <translation>log p</translation>
    </message>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="114"/>
        <source>rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="115"/>
        <source>entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="116"/>
        <source>KL(base‖map)</source>
        <translation>KL(Basis‖Karte)</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../widgets/export/report.cpp" line="98"/>
        <source>Cartograph report: run %1 of %2</source>
        <translation>Cartograph-Bericht: Lauf %1 von %2</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="104"/>
        <location filename="../widgets/export/report.cpp" line="115"/>
        <location filename="../widgets/export/report.cpp" line="140"/>
        <location filename="../widgets/export/report.cpp" line="153"/>
        <source>map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="110"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="113"/>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="123"/>
        <source>Zoom ranking</source>
        <translation>Zoom-Rangfolge</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="128"/>
        <source>This run has no conditioning prompt: nothing to rank.</source>
        <translation>Dieser Lauf hat keinen konditionierenden Prompt: Es gibt nichts zu ordnen.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="133"/>
        <source>Share of each tuned map&apos;s KL that the prompt &quot;%1&quot; on the base explains, most first.</source>
        <translation>Anteil der KL jeder getunten Karte, den der Prompt „%1“ auf der Basis erklärt, größter zuerst.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="140"/>
        <location filename="../widgets/export/report.cpp" line="153"/>
        <source>K0 (nats)</source>
        <translation>K0 (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="140"/>
        <location filename="../widgets/export/report.cpp" line="154"/>
        <source>KP (nats)</source>
        <translation>KP (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="140"/>
        <location filename="../widgets/export/report.cpp" line="154"/>
        <source>recovered</source>
        <translation>zurückgewonnen</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="144"/>
        <source>Zoom run %1: share of each tuned map&apos;s KL each prompt on the base explains.</source>
        <translation>Zoom-Lauf %1: Anteil der KL jeder getunten Karte, den jeder Prompt auf der Basis erklärt.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="153"/>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="153"/>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="153"/>
        <source>positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="158"/>
        <source>Figures</source>
        <translation>Abbildungen</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="162"/>
        <source>%1: not drawn (%2).</source>
        <translation>%1: nicht gezeichnet (%2).</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="177"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="205"/>
        <source>Slices</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="208"/>
        <source>The session has no saved slices.</source>
        <translation>Die Sitzung hat keine gespeicherten Ausschnitte.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="209"/>
        <source>slice</source>
        <translation>Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="209"/>
        <source>definition</source>
        <translation>Definition</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="211"/>
        <source>Annotations</source>
        <translation>Anmerkungen</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="215"/>
        <source>No annotations on this territory.</source>
        <translation>Keine Anmerkungen zu diesem Territorium.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="216"/>
        <source>document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="200"/>
        <location filename="../widgets/export/report.cpp" line="216"/>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="178"/>
        <source>This session stores no sample sets.</source>
        <translation>Diese Sitzung speichert keine Stichproben.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="181"/>
        <source>Sample set %1: every map continues &quot;%2&quot;%3; temperature %4, top-p %5, seed %6, at most %7 new tokens%8. Mean −log p is under the base map.</source>
        <translation>Stichprobe %1: jede Karte setzt „%2“ fort%3; Temperatur %4, top-p %5, Seed %6, höchstens %7 neue Token%8. Mittleres −log p unter der Basiskarte.</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="186"/>
        <source> (zoom prompt &quot;%1&quot;)</source>
        <translation> (Zoom-Prompt „%1“)</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="191"/>
        <source>, amplification α = %1</source>
        <translation>, Verstärkung α = %1</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="200"/>
        <source>column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="200"/>
        <source>stopped by</source>
        <translation>beendet durch</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="200"/>
        <source>mean −log p base (nats)</source>
        <translation>mittleres −log p Basis (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="201"/>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="216"/>
        <source>note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="218"/>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="225"/>
        <source>what</source>
        <translation>Was</translation>
    </message>
    <message>
        <location filename="../widgets/export/report.cpp" line="225"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>RunRequest</name>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="21"/>
        <source> on %1</source>
        <translation> auf %1</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="22"/>
        <source> (zoomed)</source>
        <translation> (gezoomt)</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="35"/>
        <source>Choose the base checkpoint (the map the others are compared with).</source>
        <translation>Den Basis-Checkpoint wählen (die Karte, mit der die anderen verglichen werden).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="36"/>
        <source>The base checkpoint %1 does not exist.</source>
        <translation>Der Basis-Checkpoint %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="37"/>
        <source>Choose at least one tuned checkpoint to compare with the base.</source>
        <translation>Mindestens einen nachtrainierten Checkpoint zum Vergleich mit der Basis wählen.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="40"/>
        <source>%1 is chosen twice; each checkpoint takes part once.</source>
        <translation>%1 ist zweimal gewählt; jeder Checkpoint nimmt einmal teil.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="42"/>
        <source>The tuned checkpoint %1 does not exist.</source>
        <translation>Der nachtrainierte Checkpoint %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="45"/>
        <source>The tokenizer %1 does not exist.</source>
        <translation>Der Tokenizer %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="46"/>
        <source>Choose the territory: a text, JSONL file or a folder of documents.</source>
        <translation>Das Territorium wählen: eine Text- oder JSONL-Datei oder einen Ordner mit Dokumenten.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="47"/>
        <source>The territory %1 does not exist.</source>
        <translation>Das Territorium %1 existiert nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="50"/>
        <source>Top-k must be between 1 and 1000 (it is %1).</source>
        <translation>Top-k muss zwischen 1 und 1000 liegen (es ist %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="52"/>
        <source>The window must be 0 (the models&apos; context) or at least 2 tokens (it is %1).</source>
        <translation>Das Fenster muss 0 (der Kontext der Modelle) oder mindestens 2 Tokens sein (es ist %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="53"/>
        <source>The stride must be 0 (half the window) or positive (it is %1).</source>
        <translation>Die Schrittweite muss 0 (halbes Fenster) oder positiv sein (sie ist %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="55"/>
        <source>A stride of %1 would skip tokens: it must not exceed the window of %2.</source>
        <translation>Eine Schrittweite von %1 würde Tokens überspringen: Sie darf das Fenster von %2 nicht überschreiten.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="56"/>
        <source>Threads must be 0 (one per core) or more (it is %1).</source>
        <translation>Threads müssen 0 (einer pro Kern) oder mehr sein (es sind %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="58"/>
        <source>The device must be cpu or cuda (it is %1).</source>
        <translation>Das Gerät muss cpu oder cuda sein (es ist %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="63"/>
        <source>The weights&apos; dtype must be auto, float32, float16 or bfloat16 (it is %1).</source>
        <translation>Der Datentyp der Gewichte muss auto, float32, float16 oder bfloat16 sein (er ist %1).</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runrequest.cpp" line="65"/>
        <source>The batch must hold at least one window (it is %1).</source>
        <translation>Der Stapel muss mindestens ein Fenster enthalten (er ist %1).</translation>
    </message>
</context>
<context>
    <name>RunSettingBoxes</name>
    <message>
        <location filename="../widgets/runs/settingboxes.cpp" line="16"/>
        <source>How many most probable tokens to keep per position and map</source>
        <translation>Wie viele der wahrscheinlichsten Tokens pro Position und Karte behalten werden</translation>
    </message>
    <message>
        <location filename="../widgets/runs/settingboxes.cpp" line="18"/>
        <source>the models&apos; context</source>
        <translation>Kontext der Modelle</translation>
    </message>
    <message>
        <location filename="../widgets/runs/settingboxes.cpp" line="19"/>
        <location filename="../widgets/runs/settingboxes.cpp" line="22"/>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/runs/settingboxes.cpp" line="21"/>
        <source>half the window</source>
        <translation>halbes Fenster</translation>
    </message>
    <message>
        <location filename="../widgets/runs/settingboxes.cpp" line="24"/>
        <source>one per core</source>
        <translation>einer pro Kern</translation>
    </message>
</context>
<context>
    <name>ScaleRangeText</name>
    <message>
        <location filename="../widgets/display/scalerange.cpp" line="31"/>
        <source>full range</source>
        <translation>voller Bereich</translation>
    </message>
    <message>
        <location filename="../widgets/display/scalerange.cpp" line="32"/>
        <source>%1th pct</source>
        <translation>%1. Perz.</translation>
    </message>
    <message>
        <location filename="../widgets/display/scalerange.cpp" line="37"/>
        <source>%1 ±%2</source>
        <translation>%1 ±%2</translation>
    </message>
    <message>
        <location filename="../widgets/display/scalerange.cpp" line="38"/>
        <source>%1 ≤ %2</source>
        <translation>%1 ≤ %2</translation>
    </message>
</context>
<context>
    <name>ShiftJob</name>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="33"/>
        <source>The session has no base map.</source>
        <translation>Die Sitzung hat keine Basiskarte.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="34"/>
        <source>The session has no tuned map to compare with the base.</source>
        <translation>Die Sitzung hat keine nachtrainierte Karte zum Vergleich mit der Basis.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="35"/>
        <source>Choose at least one prompt.</source>
        <translation>Mindestens einen Prompt wählen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="36"/>
        <source>Decode at least one token per prompt.</source>
        <translation>Mindestens ein Token pro Prompt dekodieren.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="38"/>
        <source>Prompt “%1” is empty.</source>
        <translation>Prompt „%1“ ist leer.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftjob.cpp" line="42"/>
        <source>Prompt “%1” is a template with {fields}; token shift decodes from fixed prompts, so fill it in a copy first.</source>
        <translation>Prompt „%1“ ist eine Vorlage mit {Feldern}; die Token-Verschiebung dekodiert feste Prompts, also zuerst eine Kopie ausfüllen.</translation>
    </message>
</context>
<context>
    <name>Slice</name>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="10"/>
        <source>%1 of %2 %3 %4</source>
        <translation>%1 von %2 %3 %4</translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="11"/>
        <source>map %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="17"/>
        <source>%1 ∈ {%2}</source>
        <translation>%1 ∈ {%2}</translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="20"/>
        <source>text matches /%1/%2</source>
        <translation>Text passt auf /%1/%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/overview/slice.cpp" line="23"/>
        <source>lasso of %n vertices on the projection</source>
        <translation>
            <numerusform>Lasso mit %n Eckpunkt auf der Projektion</numerusform>
            <numerusform>Lasso mit %n Eckpunkten auf der Projektion</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="29"/>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="29"/>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="32"/>
        <source>not (%1)</source>
        <translation>nicht (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/slice.cpp" line="33"/>
        <source>slice “%1”</source>
        <translation>Ausschnitt „%1“</translation>
    </message>
</context>
<context>
    <name>StoreBackend</name>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="47"/>
        <source> on %1</source>
        <translation> auf %1</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="48"/>
        <source> (zoomed)</source>
        <translation> (gezoomt)</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="51"/>
        <source>%1 of %2 documents committed</source>
        <translation>%1 von %2 Dokumenten gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="57"/>
        <source>Partial merge: %1 of %2 shards present (%3 of %4 documents); missing shard %5 (counted from 0). Merge them into this file with cartograph-cli merge to complete it.</source>
        <translation>Teilweise Zusammenführung: %1 von %2 Shards vorhanden (%3 von %4 Dokumenten); es fehlt Shard %5 (ab 0 gezählt). Mit cartograph-cli merge in diese Datei zusammenführen, um sie zu vervollständigen.</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="102"/>
        <source>Territory %1: %2</source>
        <translation>Territorium %1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="111"/>
        <source>Run %1 (%2): %3</source>
        <translation>Lauf %1 (%2): %3</translation>
    </message>
    <message>
        <location filename="../widgets/session/storebackend.cpp" line="127"/>
        <source>Slice “%1” was skipped: %2</source>
        <translation>Ausschnitt „%1“ wurde übersprungen: %2</translation>
    </message>
</context>
<context>
    <name>StudioFigures</name>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="64"/>
        <source>prompt %1 (prompt version %2) of zoom run %3</source>
        <translation>Prompt %1 (Prompt-Version %2) des Zoom-Laufs %3</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="75"/>
        <source>Share of each tuned map&apos;s KL each prompt recovers (zoom run %1)</source>
        <translation>Anteil der KL jeder getunten Karte, den jeder Prompt zurückgewinnt (Zoom-Lauf %1)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="80"/>
        <source>conditioning prompt on the base map</source>
        <translation>konditionierender Prompt auf der Basiskarte</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="81"/>
        <source>zoom recovered: 1 − K_P / K_0 (%)</source>
        <translation>zurückgewonnen durch Zoom: 1 − K_P / K_0 (%)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="85"/>
        <source>%1 (version %2)</source>
        <translation>%1 (Version %2)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="107"/>
        <source>zoom run %1 with prompts %2</source>
        <translation>Zoom-Lauf %1 mit den Prompts %2</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="162"/>
        <source>Zoom at position %1 of “%2” (truth “%3”), prompt %4</source>
        <translation>Zoom an Position %1 von „%2“ (Wahrheit „%3“), Prompt %4</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="171"/>
        <source>candidate next token (✓ = the territory&apos;s token), the base&apos;s most probable first</source>
        <translation>möglicher nächster Token (✓ = Token des Territoriums), die wahrscheinlichsten der Basis zuerst</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="172"/>
        <source>probability p</source>
        <translation>Wahrscheinlichkeit p</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="176"/>
        <source>%1 ⊕ prompt</source>
        <translation>%1 ⊕ Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="190"/>
        <source>%1: KL to base %2, to base ⊕ prompt %3 nats (%4 % recovered)</source>
        <translation>%1: KL zur Basis %2, zu Basis ⊕ Prompt %3 nats (%4 % zurückgewonnen)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="198"/>
        <source>, document %1, scored position %2</source>
        <translation>, Dokument %1, bewertete Position %2</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="223"/>
        <source>The maps sampled side by side from “%1” (sample set %2)</source>
        <translation>Die Karten nebeneinander gesampelt ab „%1“ (Stichprobe %2)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="230"/>
        <source>−log p under the base map (nats)</source>
        <translation>−log p unter der Basiskarte (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="258"/>
        <source>%1: %2 tokens, mean −log p under the base %3 nats, stopped by %4</source>
        <translation>%1: %2 Token, mittleres −log p unter der Basis %3 nats, beendet durch %4</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="270"/>
        <source>, amplification α = %1</source>
        <translation>, Verstärkung α = %1</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="271"/>
        <source>sample set %1: prompt “%2”%3, temperature %4, top-p %5, seed %6, at most %7 new tokens%8</source>
        <translation>Stichprobe %1: Prompt „%2“%3, Temperatur %4, top-p %5, Seed %6, höchstens %7 neue Token%8</translation>
    </message>
    <message>
        <location filename="../widgets/export/studiofigures.cpp" line="275"/>
        <source>, zoom prompt “%1”</source>
        <translation>, Zoom-Prompt „%1“</translation>
    </message>
</context>
<context>
    <name>TokenFigures</name>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="110"/>
        <source>%1 of every map over “%2”, positions %3–%4</source>
        <translation>%1 aller Karten über „%2“, Positionen %3–%4</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="147"/>
        <source> as a share of each row&apos;s range (grey: does not apply; a notch: beyond the range)</source>
        <translation> als Anteil am Bereich jeder Zeile (grau: trifft nicht zu; eine Kerbe: jenseits des Bereichs)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="151"/>
        <source>, every row %1 (grey: does not apply; a notch: beyond the range)</source>
        <translation>, jede Zeile %1 (grau: trifft nicht zu; eine Kerbe: jenseits des Bereichs)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="171"/>
        <source>The base map&apos;s projection, coloured by %1 of %2</source>
        <translation>Die Projektion der Basiskarte, eingefärbt nach %1 von %2</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="177"/>
        <source>PC 1 (%1 % of variance)</source>
        <translation>PC 1 (%1 % der Varianz)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="178"/>
        <source>PC 2 (%1 % of variance)</source>
        <translation>PC 2 (%1 % der Varianz)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="179"/>
        <source>positions</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="230"/>
        <source>Top-%1 of every map at position %2 of “%3” (truth: “%4”)</source>
        <translation>Top-%1 aller Karten an Position %2 von „%3“ (Wahrheit: „%4“)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="239"/>
        <source>candidate next token (✓ = the territory&apos;s token; a missing bar: outside that map&apos;s top k)</source>
        <translation>Kandidat für das nächste Token (✓ = das Token des Territoriums; fehlender Balken: außerhalb der top k dieser Karte)</translation>
    </message>
    <message>
        <location filename="../widgets/export/tokenfigures.cpp" line="240"/>
        <source>probability p</source>
        <translation>Wahrscheinlichkeit p</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="72"/>
        <source>Cartograph workbench</source>
        <translation>Cartograph-Werkbank</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="75"/>
        <source>Session file to open</source>
        <translation>Zu öffnende Sitzungsdatei</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="79"/>
        <source>Open the demo session (built on first use, a few minutes; then cached)</source>
        <translation>Die Demo-Sitzung öffnen (beim ersten Mal in einigen Minuten erstellt, danach zwischengespeichert)</translation>
    </message>
</context>
<context>
    <name>widgets::AboutDialog</name>
    <message>
        <location filename="../widgets/shell/aboutdialog.cpp" line="13"/>
        <source>About Cartograph</source>
        <translation>Über Cartograph</translation>
    </message>
    <message>
        <location filename="../widgets/shell/aboutdialog.cpp" line="16"/>
        <source>&lt;h2&gt;Cartograph %1&lt;/h2&gt;&lt;p&gt;See where fine-tuning or reinforcement learning redrew a language model&apos;s map of its territory.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Cartograph %1&lt;/h2&gt;&lt;p&gt;Zeigt, wo Fine-Tuning oder Reinforcement Learning die Karte neu gezeichnet haben, die sich ein Sprachmodell von seinem Territorium macht.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>widgets::ChartPanel</name>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="31"/>
        <source>Right-click to export this chart as PNG or SVG</source>
        <translation>Rechtsklick, um dieses Diagramm als PNG oder SVG zu exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="96"/>
        <source>Exported from Cartograph</source>
        <translation>Aus Cartograph exportiert</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="121"/>
        <source>Export Figure (PNG, SVG or PDF, with data)…</source>
        <translation>Abbildung exportieren (PNG, SVG oder PDF, mit Daten)…</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="122"/>
        <source>Copy Figure</source>
        <translation>Abbildung kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="125"/>
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="126"/>
        <source>Export as SVG…</source>
        <translation>Als SVG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="135"/>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="136"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="136"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
</context>
<context>
    <name>widgets::CheckpointsModel</name>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="42"/>
        <source>%1 (guess)</source>
        <translation>%1 (vermutet)</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="49"/>
        <source>Guessed from the names and configs; set it with Tuned From in the context menu.</source>
        <translation>Aus Namen und Konfigurationen vermutet; im Kontextmenü unter „Nachtrainiert aus“ festlegen.</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="50"/>
        <source>Set by you; Tuned From in the context menu changes it.</source>
        <translation>Von Ihnen festgelegt; im Kontextmenü unter „Nachtrainiert aus“ änderbar.</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="56"/>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="56"/>
        <source>tuned</source>
        <translation>nachtrainiert</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="62"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Lineage step %3 (drag to reorder; F2 to rename)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Abstammungsschritt %3 (Ziehen zum Umordnen; F2 zum Umbenennen)</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="80"/>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="81"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="82"/>
        <source>Tuned From</source>
        <translation>Nachtrainiert aus</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="83"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../widgets/session/checkpointsmodel.cpp" line="84"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
</context>
<context>
    <name>widgets::ColorLegend</name>
    <message>
        <location filename="../widgets/display/colorlegend.cpp" line="19"/>
        <source>Colour key of the chosen metric</source>
        <translation>Farblegende der gewählten Metrik</translation>
    </message>
    <message>
        <location filename="../widgets/display/colorlegend.cpp" line="28"/>
        <source>An arrow past a bar&apos;s end: some values lie beyond the range and are drawn at that end&apos;s colour.</source>
        <translation>Ein Pfeil hinter dem Ende eines Balkens: Einige Werte liegen jenseits des Bereichs und werden in der Farbe dieses Endes gezeichnet.</translation>
    </message>
</context>
<context>
    <name>widgets::DocumentsModel</name>
    <message numerus="yes">
        <location filename="../widgets/territory/documentsmodel.cpp" line="66"/>
        <source>Sorting %n documents</source>
        <translation>
            <numerusform>%n Dokument wird sortiert</numerusform>
            <numerusform>%n Dokumente werden sortiert</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="157"/>
        <source>
Not in the current slice</source>
        <translation>
Nicht im aktuellen Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="168"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="169"/>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="170"/>
        <source>NLL</source>
        <translation>NLL</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="171"/>
        <source>Δ NLL</source>
        <translation>Δ NLL</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="172"/>
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="173"/>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="174"/>
        <source>KL(b‖m)</source>
        <translation>KL(b‖m)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="175"/>
        <source>KL(m‖b)</source>
        <translation>KL(m‖b)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="176"/>
        <source>JS</source>
        <translation>JS</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="177"/>
        <source>KL max</source>
        <translation>KL max</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="178"/>
        <source>Bits/byte</source>
        <translation>Bits/Byte</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="179"/>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="184"/>
        <source>Mean negative log-likelihood of %1 over the document (nats)</source>
        <translation>Mittlere negative Log-Likelihood von %1 über das Dokument (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="185"/>
        <source>NLL of %1 minus the base map&apos;s: &gt; 0 where tuning made the territory less likely</source>
        <translation>NLL von %1 minus die der Basiskarte: &gt; 0, wo das Nachtraining das Territorium unwahrscheinlicher gemacht hat</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="186"/>
        <source>Mean entropy of %1&apos;s predictions (nats)</source>
        <translation>Mittlere Entropie der Vorhersagen von %1 (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="187"/>
        <source>Share of positions where %1&apos;s most likely token is the truth</source>
        <translation>Anteil der Positionen, an denen das wahrscheinlichste Token von %1 das wahre ist</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="188"/>
        <source>Mean KL(base ‖ %1) (nats)</source>
        <translation>Mittlere KL(Basis ‖ %1) (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="189"/>
        <source>Mean KL(%1 ‖ base) (nats)</source>
        <translation>Mittlere KL(%1 ‖ Basis) (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="190"/>
        <source>Mean Jensen–Shannon divergence between %1 and the base (nats)</source>
        <translation>Mittlere Jensen–Shannon-Divergenz zwischen %1 und der Basis (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="191"/>
        <source>Largest KL(base ‖ %1) at any position</source>
        <translation>Größte KL(Basis ‖ %1) an einer Position</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="192"/>
        <source>Bits per UTF-8 byte under %1</source>
        <translation>Bits pro UTF-8-Byte unter %1</translation>
    </message>
    <message>
        <location filename="../widgets/territory/documentsmodel.cpp" line="193"/>
        <source>Click to sort</source>
        <translation>Zum Sortieren klicken</translation>
    </message>
</context>
<context>
    <name>widgets::ExportActions</name>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="58"/>
        <location filename="../widgets/export/exportactions.cpp" line="64"/>
        <location filename="../widgets/export/exportactions.cpp" line="68"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="58"/>
        <source>Choose a run first: there is nothing to export yet.</source>
        <translation>Zuerst einen Lauf wählen: Es gibt noch nichts zu exportieren.</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="64"/>
        <source>%1 written: %2</source>
        <translation>%1 geschrieben: %2</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="104"/>
        <source>Export figure %1</source>
        <translation>Abbildung %1 exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="110"/>
        <location filename="../widgets/export/exportactions.cpp" line="159"/>
        <location filename="../widgets/export/exportactions.cpp" line="161"/>
        <source>Figure</source>
        <translation>Abbildung</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="117"/>
        <source>Export token data</source>
        <translation>Token-Daten exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="131"/>
        <source>Token data</source>
        <translation>Token-Daten</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="138"/>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="145"/>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="152"/>
        <source>Copy figure %1</source>
        <translation>Abbildung %1 kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="161"/>
        <source>clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="168"/>
        <location filename="../widgets/export/exportactions.cpp" line="278"/>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="176"/>
        <source>PDF (vector)</source>
        <translation>PDF (Vektor)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="177"/>
        <source>SVG (vector)</source>
        <translation>SVG (Vektor)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="178"/>
        <source>PNG (image)</source>
        <translation>PNG (Bild)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="183"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="184"/>
        <source>Provenance caption under the figure (always in the file&apos;s metadata)</source>
        <translation>Herkunftsangabe unter der Abbildung (immer in den Metadaten der Datei)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="187"/>
        <source>Figure:</source>
        <translation>Abbildung:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="188"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="189"/>
        <source>PNG resolution:</source>
        <translation>PNG-Auflösung:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="200"/>
        <source>Document:</source>
        <translation>Dokument:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="200"/>
        <source>-1: where the first tuned map&apos;s KL peaks</source>
        <translation>-1: wo die KL der ersten getunten Karte am höchsten ist</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="201"/>
        <source>First position:</source>
        <translation>Erste Position:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="201"/>
        <source>-1: around the KL peak</source>
        <translation>-1: um das KL-Maximum</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="202"/>
        <source>Positions:</source>
        <translation>Positionen:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="203"/>
        <source>Position:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="203"/>
        <source>-1: the KL peak</source>
        <translation>-1: das KL-Maximum</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="204"/>
        <source>Map:</source>
        <translation>Karte:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="204"/>
        <source>index in the run, 0 = base</source>
        <translation>Index im Lauf, 0 = Basis</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="205"/>
        <source>Zoom run:</source>
        <translation>Zoom-Lauf:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="205"/>
        <source>0: the newest on this run</source>
        <translation>0: der neueste dieses Laufs</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="206"/>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="206"/>
        <source>-1: the one recovering most</source>
        <translation>-1: der mit dem größten Anteil</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="207"/>
        <source>Sample set:</source>
        <translation>Stichprobe:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="207"/>
        <source>0: the newest</source>
        <translation>0: die neueste</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="216"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="217"/>
        <source>newest</source>
        <translation>neueste</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="225"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="231"/>
        <source>Metadata field:</source>
        <translation>Metadatenfeld:</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="279"/>
        <source>%1 files (*.%2)</source>
        <translation>%1-Dateien (*.%2)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="287"/>
        <source>Export Token Data</source>
        <translation>Token-Daten exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="288"/>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="296"/>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/export/exportactions.cpp" line="297"/>
        <source>HTML, self-contained (*.html);;Markdown with figure files (*.md)</source>
        <translation>HTML, eigenständig (*.html);;Markdown mit Abbildungsdateien (*.md)</translation>
    </message>
</context>
<context>
    <name>widgets::FigureMenu</name>
    <message>
        <location filename="../widgets/export/figuremenu.cpp" line="22"/>
        <source>Export Figure (%1)…</source>
        <translation>Abbildung exportieren (%1)…</translation>
    </message>
    <message>
        <location filename="../widgets/export/figuremenu.cpp" line="24"/>
        <source>Copy Figure to Clipboard</source>
        <translation>Abbildung in die Zwischenablage kopieren</translation>
    </message>
</context>
<context>
    <name>widgets::HistogramChart</name>
    <message>
        <location filename="../widgets/charts/histogramchart.cpp" line="32"/>
        <source>% of positions</source>
        <translation>% der Positionen</translation>
    </message>
</context>
<context>
    <name>widgets::IssuesDock</name>
    <message>
        <location filename="../widgets/shell/docks.cpp" line="68"/>
        <source>Issues</source>
        <translation>Meldungen</translation>
    </message>
</context>
<context>
    <name>widgets::IssuesModel</name>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="39"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="40"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="41"/>
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="58"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="59"/>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="60"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../widgets/shell/issuesmodel.cpp" line="61"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>widgets::JobsDock</name>
    <message>
        <location filename="../widgets/shell/docks.cpp" line="45"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../widgets/shell/docks.cpp" line="54"/>
        <source>Long operations run here; right-click a job to cancel it</source>
        <translation>Lange Vorgänge laufen hier; ein Auftrag lässt sich per Rechtsklick abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/docks.cpp" line="60"/>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
</context>
<context>
    <name>widgets::JobsModel</name>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="106"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="107"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="108"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="109"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="118"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="119"/>
        <source>Stage</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="120"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="121"/>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location filename="../widgets/shell/jobsmodel.cpp" line="122"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>widgets::LineageView</name>
    <message>
        <location filename="../widgets/lineage/lineageview.cpp" line="80"/>
        <source>No run summarised yet.</source>
        <translation>Noch kein Lauf zusammengefasst.</translation>
    </message>
    <message>
        <location filename="../widgets/lineage/lineageview.cpp" line="81"/>
        <source>Each metric along the lineage tree, one line per branch. Dashed links are guessed from the names; set a checkpoint&apos;s parent with Tuned From in the Session dock.</source>
        <translation>Jede Metrik entlang des Abstammungsbaums, eine Linie je Zweig. Gestrichelte Verbindungen sind aus den Namen vermutet; den Vorgänger eines Checkpoints legen Sie im Dock „Sitzung“ unter „Nachtrainiert aus“ fest.</translation>
    </message>
    <message>
        <location filename="../widgets/lineage/lineageview.cpp" line="83"/>
        <source>Each metric along the lineage tree, one line per branch; set a checkpoint&apos;s parent with Tuned From in the Session dock.</source>
        <translation>Jede Metrik entlang des Abstammungsbaums, eine Linie je Zweig; den Vorgänger eines Checkpoints legen Sie im Dock „Sitzung“ unter „Nachtrainiert aus“ fest.</translation>
    </message>
</context>
<context>
    <name>widgets::MainWindow</name>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="87"/>
        <location filename="../widgets/shell/mainwindow.cpp" line="92"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/shell/mainwindow.cpp" line="92"/>
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n Auftrag läuft</numerusform>
            <numerusform>%n Aufträge laufen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="102"/>
        <source>Saved a copy as %1</source>
        <translation>Kopie gespeichert als %1</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="154"/>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="155"/>
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="156"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="157"/>
        <source>Lineage</source>
        <translation>Abstammung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="158"/>
        <source>Every map&apos;s summary and distributions over the current slice</source>
        <translation>Zusammenfassung und Verteilungen jeder Karte über den aktuellen Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="159"/>
        <source>The documents token by token, one coloured row per map</source>
        <translation>Die Dokumente Token für Token, eine farbige Zeile pro Karte</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="160"/>
        <source>The base map&apos;s hidden states projected to 2-D</source>
        <translation>Die verborgenen Zustände der Basiskarte, in 2D projiziert</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="161"/>
        <source>Each metric along the ordered checkpoints</source>
        <translation>Jede Metrik entlang der geordneten Checkpoints</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="165"/>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="166"/>
        <source>Token Shift</source>
        <translation>Token-Verschiebung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="168"/>
        <source>Zoom</source>
        <translation>Zoom</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="170"/>
        <source>Prompts zooming the base map: their ranking, and zoom at the selected token</source>
        <translation>Prompts, die die Basiskarte zoomen: ihre Rangfolge und der Zoom am gewählten Token</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="172"/>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="173"/>
        <source>The maps continuing one prompt side by side, amplified, cross-scored</source>
        <translation>Die Karten, die einen Prompt fortsetzen, nebeneinander, verstärkt, kreuzbewertet</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="174"/>
        <source>Studio</source>
        <translation>Studio</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="175"/>
        <source>The prompt library, and what prompts and tuning do to the maps</source>
        <translation>Die Prompt-Bibliothek und was Prompts und Tuning mit den Karten machen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="195"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="197"/>
        <source>&amp;New Session…</source>
        <translation>&amp;Neue Sitzung…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="198"/>
        <source>&amp;Open Session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="199"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="205"/>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="206"/>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="208"/>
        <source>Open &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="210"/>
        <source>Build the small demo checkpoints and session, then open it</source>
        <translation>Die kleinen Demo-Checkpoints und die Demo-Sitzung bauen und dann öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="211"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="212"/>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="214"/>
        <source>Save a Cop&amp;y…</source>
        <translation>&amp;Kopie speichern…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="216"/>
        <source>&amp;Close Session</source>
        <translation>Sitzung s&amp;chließen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="220"/>
        <source>Add &amp;Checkpoints…</source>
        <translation>Checkpoints &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="221"/>
        <source>Add &amp;Lineage Folder…</source>
        <translation>&amp;Lineage-Ordner hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="223"/>
        <source>&amp;Export Figure…</source>
        <translation>Abbildung &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="223"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="225"/>
        <source>Export &amp;Token Data…</source>
        <translation>&amp;Token-Daten exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="228"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="231"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="233"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="235"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="240"/>
        <source>New &amp;Slice…</source>
        <translation>Neuer &amp;Ausschnitt…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="240"/>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="241"/>
        <source>&amp;Annotate Selection…</source>
        <translation>Auswahl a&amp;nnotieren…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="241"/>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="244"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="249"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="257"/>
        <source>&amp;Dark Palette</source>
        <translation>&amp;Dunkle Farben</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="263"/>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="265"/>
        <source>&amp;New Run…</source>
        <translation>&amp;Neuer Lauf…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="265"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="266"/>
        <source>Cancel &amp;All Jobs</source>
        <translation>&amp;Alle Aufträge abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="268"/>
        <source>Re&amp;port</source>
        <translation>&amp;Bericht</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="270"/>
        <source>&amp;Export Report…</source>
        <translation>Bericht e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="273"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="275"/>
        <source>&amp;About Cartograph</source>
        <translation>Über &amp;Cartograph</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="302"/>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="302"/>
        <location filename="../widgets/shell/mainwindow.cpp" line="309"/>
        <location filename="../widgets/shell/mainwindow.cpp" line="323"/>
        <source>Cartograph sessions (*.cartograph)</source>
        <translation>Cartograph-Sitzungen (*.cartograph)</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="308"/>
        <source>New Session</source>
        <translation>Neue Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="308"/>
        <source>untitled.cartograph</source>
        <translation>unbenannt.cartograph</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="320"/>
        <source>Save Session As</source>
        <translation>Sitzung speichern unter</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="320"/>
        <source>Save a Copy of the Session</source>
        <translation>Kopie der Sitzung speichern</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="321"/>
        <source> copy</source>
        <translation> Kopie</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="337"/>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="337"/>
        <source>This build cannot make the demo session yet.</source>
        <translation>Diese Version kann die Demo-Sitzung noch nicht erstellen.</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="341"/>
        <source>Build demo</source>
        <translation>Demo bauen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="393"/>
        <source>Add Checkpoint Folder</source>
        <translation>Checkpoint-Ordner hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="398"/>
        <source>Add Lineage Folder (step1000/ … step143000/)</source>
        <translation>Lineage-Ordner hinzufügen (step1000/ … step143000/)</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="426"/>
        <source>No session</source>
        <translation>Keine Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="438"/>
        <source>token %1</source>
        <translation>Token %1</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="439"/>
        <source>slice: %1</source>
        <translation>Ausschnitt: %1</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="445"/>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../widgets/shell/mainwindow.cpp" line="446"/>
        <source>Save the changes to %1 first?</source>
        <translation>Änderungen an %1 vorher speichern?</translation>
    </message>
</context>
<context>
    <name>widgets::MapView</name>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="32"/>
        <source>What colours the points</source>
        <translation>Wonach die Punkte gefärbt werden</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="34"/>
        <source>Whose predictions colour the points (the selected map everywhere)</source>
        <translation>Wessen Vorhersagen die Punkte färben (überall die ausgewählte Karte)</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="35"/>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="37"/>
        <source>Draw around points to save them as a slice (or hold Shift while dragging)</source>
        <translation>Punkte umranden, um sie als Ausschnitt zu speichern (oder beim Ziehen die Umschalttaste halten)</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="39"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="40"/>
        <source>Show every point again</source>
        <translation>Alle Punkte wieder anzeigen</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="45"/>
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="47"/>
        <source>of</source>
        <translation>von</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="123"/>
        <source>PC 1 (%1 % of variance)</source>
        <translation>PC 1 (%1 % der Varianz)</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="124"/>
        <source>PC 2 (%1 % of variance)</source>
        <translation>PC 2 (%1 % der Varianz)</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="134"/>
        <source>No run loaded.</source>
        <translation>Kein Lauf geladen.</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="144"/>
        <source>Colouring the map</source>
        <translation>Karte wird eingefärbt</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="168"/>
        <source>%1 positions sampled from the base map&apos;s hidden states, projected on their first two principal components; colour: %2 of %3.</source>
        <translation>Stichprobe von %1 Positionen aus den verborgenen Zuständen der Basiskarte, projiziert auf deren erste zwei Hauptkomponenten; Farbe: %2 von %3.</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="174"/>
        <source>The selected token was not sampled for the projection.</source>
        <translation>Das ausgewählte Token ist nicht in der Stichprobe der Projektion.</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="206"/>
        <source>Save Lasso as Slice</source>
        <translation>Lasso als Ausschnitt speichern</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="206"/>
        <source>Slice name:</source>
        <translation>Name des Ausschnitts:</translation>
    </message>
    <message>
        <location filename="../widgets/map/mapview.cpp" line="207"/>
        <source>Lasso %1</source>
        <translation>Lasso %1</translation>
    </message>
</context>
<context>
    <name>widgets::OverviewView</name>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="26"/>
        <source>Δ NLL per position (map − base)</source>
        <translation>Δ NLL pro Position (Karte − Basis)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="27"/>
        <source>KL(base ‖ map) per position</source>
        <translation>KL(Basis ‖ Karte) pro Position</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="28"/>
        <source>Entropy: base vs tuned</source>
        <translation>Entropie: Basis vs. nachtrainiert</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="29"/>
        <source>Reliability</source>
        <translation>Zuverlässigkeit</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="29"/>
        <source>By metadata</source>
        <translation>Nach Metadaten</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="30"/>
        <source>Fidelity quadrants</source>
        <translation>Treue-Quadranten</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="44"/>
        <source>Every compare field per map over the current slice; hover a header for its definition</source>
        <translation>Alle Vergleichsgrößen je Karte über den aktuellen Ausschnitt; die Maus über eine Spaltenüberschrift halten zeigt ihre Definition</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="46"/>
        <source>The metadata field whose values the bars compare</source>
        <translation>Das Metadatenfeld, dessen Werte die Balken vergleichen</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="48"/>
        <source>Mean NLL</source>
        <translation>Mittlere NLL</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="49"/>
        <source>Mean Δ NLL</source>
        <translation>Mittlere Δ NLL</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="50"/>
        <source>Mean KL(base ‖ map)</source>
        <translation>Mittlere KL(Basis ‖ Karte)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="51"/>
        <source>Mean entropy</source>
        <translation>Mittlere Entropie</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="52"/>
        <source>Top-1 accuracy</source>
        <translation>Top-1-Genauigkeit</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="73"/>
        <source>Compare by metadata field:</source>
        <translation>Nach Metadatenfeld vergleichen:</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="92"/>
        <source>Chart exported</source>
        <translation>Diagramm exportiert</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="92"/>
        <source>Could not write the chart to this file</source>
        <translation>Das Diagramm konnte nicht in diese Datei geschrieben werden</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="109"/>
        <source>&lt;h3&gt;Summarising…&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Wird zusammengefasst…&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="110"/>
        <source>&lt;h3&gt;No run selected&lt;/h3&gt;&lt;p&gt;Open a session and choose a run in the Session dock, or start one with &lt;b&gt;Run → New Run…&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Kein Lauf ausgewählt&lt;/h3&gt;&lt;p&gt;Öffnen Sie eine Sitzung und wählen Sie im Dock „Sitzung“ einen Lauf, oder starten Sie einen mit &lt;b&gt;Lauf → Neuer Lauf…&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="124"/>
        <source>&lt;h3&gt;%1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;%1&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="124"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="125"/>
        <source>&lt;p&gt;Territory &lt;b&gt;%1&lt;/b&gt;: %2 documents, %3 scored positions.</source>
        <translation>&lt;p&gt;Territorium &lt;b&gt;%1&lt;/b&gt;: %2 Dokumente, %3 bewertete Positionen.</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="130"/>
        <source> Restricted to slice &lt;b&gt;%1&lt;/b&gt; (%2): %3 positions, %4 % of the run.</source>
        <translation> Beschränkt auf Ausschnitt &lt;b&gt;%1&lt;/b&gt; (%2): %3 Positionen, %4 % des Laufs.</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="165"/>
        <source>−log p(map) + log p(base) (nats); &gt; 0: map less sure of the truth</source>
        <translation>−log p(Karte) + log p(Basis) (nats); &gt; 0: Karte ist sich der Wahrheit weniger sicher</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="166"/>
        <source>KL(base ‖ map) (nats)</source>
        <translation>KL(Basis ‖ Karte) (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="167"/>
        <source>Entropy (nats)</source>
        <translation>Entropie (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="171"/>
        <source>known (NLL ≤ %1)</source>
        <translation>bekannt (NLL ≤ %1)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="172"/>
        <source>blank (high NLL, H &gt; %1)</source>
        <translation>weißer Fleck (hohe NLL, H &gt; %1)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="173"/>
        <source>misdrawn (high NLL, low H)</source>
        <translation>falsch gezeichnet (hohe NLL, niedrige H)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="174"/>
        <source>% of positions</source>
        <translation>% der Positionen</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="192"/>
        <source>By metadata (this territory has no metadata fields)</source>
        <translation>Nach Metadaten (dieses Territorium hat keine Metadatenfelder)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="213"/>
        <source>%1 by %2</source>
        <translation>%1 nach %2</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="214"/>
        <source>top-1 accuracy (%)</source>
        <translation>Top-1-Genauigkeit (%)</translation>
    </message>
    <message>
        <location filename="../widgets/overview/overviewview.cpp" line="214"/>
        <source> (nats)</source>
        <translation> (nats)</translation>
    </message>
</context>
<context>
    <name>widgets::PreferencesDialog</name>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="41"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="46"/>
        <source>Where Open Demo builds the demo maps and session, and finds them again</source>
        <translation>Wo „Demo öffnen“ die Demo-Karten und die Sitzung erstellt und wiederfindet</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="48"/>
        <source>Red–blue (ColorBrewer RdBu, colour-blind safe)</source>
        <translation>Rot–Blau (ColorBrewer RdBu, farbenblind-sicher)</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="50"/>
        <source>Orange–purple (ColorBrewer PuOr, colour-blind safe)</source>
        <translation>Orange–Lila (ColorBrewer PuOr, farbenblind-sicher)</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="52"/>
        <source>Viridis (perceptually uniform, one hue after another)</source>
        <translation>Viridis (wahrnehmungsgleichmäßig, ein Farbton nach dem anderen)</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="55"/>
        <source>System (%1)</source>
        <translation>System (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="55"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="61"/>
        <source>&lt;b&gt;New runs start with&lt;/b&gt;</source>
        <translation>&lt;b&gt;Neue Läufe beginnen mit&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="63"/>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="64"/>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="65"/>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="66"/>
        <source>Stride:</source>
        <translation>Schrittweite:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="69"/>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="72"/>
        <source>Demo cache folder:</source>
        <translation>Demo-Cache-Ordner:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="73"/>
        <source>&lt;b&gt;Display&lt;/b&gt;</source>
        <translation>&lt;b&gt;Darstellung&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="74"/>
        <source>Colour palette:</source>
        <translation>Farbpalette:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="75"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="76"/>
        <source>A new language applies when Cartograph next starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Cartograph.</translation>
    </message>
    <message>
        <location filename="../widgets/preferences/preferencesdialog.cpp" line="116"/>
        <source>Demo Cache Folder</source>
        <translation>Demo-Cache-Ordner</translation>
    </message>
</context>
<context>
    <name>widgets::PromptEditor</name>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="78"/>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="80"/>
        <source>Add an empty prompt to the library</source>
        <translation>Einen leeren Prompt zur Bibliothek hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="81"/>
        <source>D&amp;uplicate</source>
        <translation>D&amp;uplizieren</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="83"/>
        <source>Copy the chosen prompt (text, tags and note) under a new name</source>
        <translation>Den gewählten Prompt (Text, Tags und Notiz) unter neuem Namen kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="84"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="86"/>
        <source>Remove the chosen prompt (Edit → Undo brings it back)</source>
        <translation>Den gewählten Prompt entfernen (Bearbeiten → Rückgängig holt ihn zurück)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="108"/>
        <source>The prompt&apos;s text. {field} is filled from each document&apos;s metadata; {{ and }} are literal braces.</source>
        <translation>Der Text des Prompts. {field} wird aus den Metadaten jedes Dokuments gefüllt; {{ und }} sind wörtliche geschweifte Klammern.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="113"/>
        <source>comma-separated, e.g. style, zippy</source>
        <translation>kommagetrennt, z. B. style, zippy</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="116"/>
        <source>What this prompt is for, what it did</source>
        <translation>Wofür dieser Prompt gedacht ist, was er bewirkt hat</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="119"/>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="121"/>
        <source>Keep the text and note (Ctrl+Return); the earlier text stays as a version</source>
        <translation>Text und Notiz übernehmen (Strg+Eingabe); der frühere Text bleibt als Version erhalten</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="122"/>
        <source>Wrap in Chat &amp;Template</source>
        <translation>In Chat-&amp;Vorlage einbetten</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="124"/>
        <source>Rewrite the text as a user turn in the base map&apos;s own chat template, followed by the assistant&apos;s header, so the territory reads as the map&apos;s answer</source>
        <translation>Den Text als Benutzerbeitrag in der eigenen Chat-Vorlage der Basiskarte schreiben, gefolgt vom Kopf des Assistenten, sodass das Territorium als Antwort der Karte gelesen wird</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="147"/>
        <source>No base map in the session: add one to preview tokens.</source>
        <translation>Keine Basiskarte in der Sitzung: eine hinzufügen, um Tokens in der Vorschau zu sehen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="169"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="170"/>
        <source>&amp;Text:</source>
        <translation>&amp;Text:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="171"/>
        <source>Ta&amp;gs:</source>
        <translation>Ta&amp;gs:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="172"/>
        <source>N&amp;ote:</source>
        <translation>N&amp;otiz:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="181"/>
        <source>&lt;b&gt;Preview&lt;/b&gt;</source>
        <translation>&lt;b&gt;Vorschau&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="213"/>
        <source>New prompt</source>
        <translation>Neuer Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="270"/>
        <source>No prompt chosen</source>
        <translation>Kein Prompt gewählt</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/prompteditor.cpp" line="291"/>
        <source>%n earlier version(s) kept</source>
        <translation>
            <numerusform>%n frühere Version aufbewahrt</numerusform>
            <numerusform>%n frühere Versionen aufbewahrt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="291"/>
        <source>First version</source>
        <translation>Erste Version</translation>
    </message>
    <message>
        <location filename="../widgets/studio/prompteditor.cpp" line="295"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="48"/>
        <source>Template: %1 is filled from each document&apos;s metadata; open a run to check its documents.</source>
        <translation>Vorlage: %1 wird aus den Metadaten jedes Dokuments befüllt; einen Lauf öffnen, um seine Dokumente zu prüfen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/promptpreview.cpp" line="62"/>
        <source>Template: %1 filled from each of %n document(s); shown for “%2”, the longest filling.</source>
        <translation>
            <numerusform>Vorlage: %1 wird aus %n Dokument befüllt; angezeigt für „%2“, die längste Füllung.</numerusform>
            <numerusform>Vorlage: %1 wird aus jedem der %n Dokumente befüllt; angezeigt für „%2“, die längste Füllung.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="82"/>
        <source>Tokens of the base map %1 (window %2 tokens)</source>
        <translation>Tokens der Basiskarte %1 (Fenster: %2 Tokens)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="83"/>
        <source>The base map %1 has no tokenizer: no preview.</source>
        <translation>Die Basiskarte %1 hat keinen Tokenizer: keine Vorschau.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="105"/>
        <source>Loading the tokenizer of %1…</source>
        <translation>Tokenizer von %1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="107"/>
        <source>Load tokenizer of %1</source>
        <translation>Tokenizer von %1 laden</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="129"/>
        <source>No preview: the base map %1 could not be loaded (%2)</source>
        <translation>Keine Vorschau: Die Basiskarte %1 konnte nicht geladen werden (%2)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptpreview.cpp" line="176"/>
        <source>token %1: id %2</source>
        <translation>Token %1: ID %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/promptpreview.cpp" line="177"/>
        <source>%n token(s) of a %1-token window: %2% left for the territory</source>
        <translation>
            <numerusform>%n Token eines %1-Token-Fensters: %2% bleiben für das Territorium</numerusform>
            <numerusform>%n Tokens eines %1-Token-Fensters: %2% bleiben für das Territorium</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptchat.cpp" line="31"/>
        <source>the chat template writes braces of its own, which the prompt library would read as {field} placeholders</source>
        <translation>die Chat-Vorlage schreibt eigene geschweifte Klammern, die die Prompt-Bibliothek als {field}-Platzhalter lesen würde</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptchat.cpp" line="51"/>
        <source>Cannot wrap yet: the base map&apos;s tokenizer and chat template are still loading (or there is no base map in the session).</source>
        <translation>Einbetten noch nicht möglich: Tokenizer und Chat-Vorlage der Basiskarte werden noch geladen (oder die Sitzung hat keine Basiskarte).</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptchat.cpp" line="58"/>
        <location filename="../widgets/studio/promptchat.cpp" line="76"/>
        <source>Cannot wrap: %1</source>
        <translation>Einbetten nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptchat.cpp" line="82"/>
        <source>Wrapped as a user turn in the chat template of %1; Apply keeps it as a new version.</source>
        <translation>Als Benutzerbeitrag in die Chat-Vorlage von %1 eingebettet; Anwenden speichert ihn als neue Version.</translation>
    </message>
</context>
<context>
    <name>widgets::PromptsModel</name>
    <message>
        <location filename="../widgets/studio/promptsmodel.cpp" line="45"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptsmodel.cpp" line="46"/>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptsmodel.cpp" line="47"/>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/promptsmodel.cpp" line="48"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>widgets::RankingModel</name>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="83"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="84"/>
        <source>Tuned map</source>
        <translation>Getunte Karte</translation>
    </message>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="85"/>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="86"/>
        <source>K₀ (nats)</source>
        <translation>K₀ (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="87"/>
        <source>K_P (nats)</source>
        <translation>K_P (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/rankingmodel.cpp" line="88"/>
        <source>Recovered</source>
        <translation>Zurückgewonnen</translation>
    </message>
</context>
<context>
    <name>widgets::ReliabilityChart</name>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="30"/>
        <source>Confidence (max p)</source>
        <translation>Konfidenz (max p)</translation>
    </message>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="31"/>
        <source>Accuracy (top-1 = truth)</source>
        <translation>Genauigkeit (Top-1 = Wahrheit)</translation>
    </message>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="48"/>
        <source>%1 · ECE %2</source>
        <translation>%1 · ECE %2</translation>
    </message>
</context>
<context>
    <name>widgets::RunDialog</name>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="41"/>
        <source>New Run</source>
        <translation>Neuer Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="53"/>
        <source>made up from the maps and the territory</source>
        <translation>aus Karten und Territorium gebildet</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="56"/>
        <source>The map every other checkpoint is compared with</source>
        <translation>Die Karte, mit der alle anderen Checkpoints verglichen werden</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="59"/>
        <source>Tick the tuned checkpoints; drag to put them in lineage order (SFT before RL …)</source>
        <translation>Nachtrainierte Checkpoints ankreuzen; durch Ziehen in Abstammungsreihenfolge bringen (SFT vor RL …)</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="62"/>
        <source>each checkpoint&apos;s own</source>
        <translation>der eigene jedes Checkpoints</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="63"/>
        <source>A tokenizer.json, tokenizer.model or GGUF file for every map, when a checkpoint has none of its own or the wrong one</source>
        <translation>Eine tokenizer.json-, tokenizer.model- oder GGUF-Datei für jede Karte, wenn ein Checkpoint keinen eigenen oder den falschen hat</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="76"/>
        <source>corpus.jsonl, a .txt file, or a folder of .txt/.md files</source>
        <translation>corpus.jsonl, eine .txt-Datei oder ein Ordner mit .txt-/.md-Dateien</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="79"/>
        <source>(guess: name, title, id, else first words)</source>
        <translation>(raten: name, title, id, sonst erste Wörter)</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="80"/>
        <source>The JSONL field whose value names each document in the views and exports</source>
        <translation>Das JSONL-Feld, dessen Wert jedes Dokument in den Ansichten und Exporten benennt</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="84"/>
        <source>A conditioning prompt for the base map (zoom); leave empty for none</source>
        <translation>Ein Konditionierungs-Prompt für die Basiskarte (Zoom); leer lassen für keinen</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="98"/>
        <source>as stored</source>
        <translation>wie gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="100"/>
        <source>Half-precision weights kept as stored need half the memory; metrics are float32 either way</source>
        <translation>Gewichte in halber Genauigkeit brauchen wie gespeichert die Hälfte des Speichers; Metriken sind in jedem Fall float32</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="103"/>
        <source> windows</source>
        <translation> Fenster</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="110"/>
        <source>Start Run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="116"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="136"/>
        <location filename="../widgets/runs/rundialog.cpp" line="150"/>
        <location filename="../widgets/runs/rundialog.cpp" line="158"/>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="137"/>
        <location filename="../widgets/runs/rundialog.cpp" line="149"/>
        <location filename="../widgets/runs/rundialog.cpp" line="157"/>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="138"/>
        <source>Base checkpoint:</source>
        <translation>Basis-Checkpoint:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="142"/>
        <source>Add Folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="143"/>
        <source>Add File…</source>
        <translation>Datei hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="146"/>
        <source>Tuned checkpoints:</source>
        <translation>Nachtrainierte Checkpoints:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="151"/>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="159"/>
        <source>Territory:</source>
        <translation>Territorium:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="160"/>
        <source>Document names:</source>
        <translation>Dokumentnamen:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="162"/>
        <source>Prompt (zoom):</source>
        <translation>Prompt (Zoom):</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="166"/>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="167"/>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="168"/>
        <source>Stride:</source>
        <translation>Schrittweite:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="169"/>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="170"/>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="171"/>
        <source>Weights:</source>
        <translation>Gewichte:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="172"/>
        <source>Batch:</source>
        <translation>Stapel:</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="204"/>
        <source>Trust TorchScript?</source>
        <translation>TorchScript vertrauen?</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="205"/>
        <source>Loading a TorchScript module runs the code inside it:

%1

Run only checkpoints whose source you trust.</source>
        <translation>Beim Laden eines TorchScript-Moduls wird der darin enthaltene Code ausgeführt:

%1

Führen Sie nur Checkpoints aus, deren Quelle Sie vertrauen.</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="209"/>
        <source>Trust and Run</source>
        <translation>Vertrauen und ausführen</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="317"/>
        <source>Checkpoints (*.gguf *.bin *.pt *.pth *.ts);;All files (*)</source>
        <translation>Checkpoints (*.gguf *.bin *.pt *.pth *.ts);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="321"/>
        <source>Base Checkpoint</source>
        <translation>Basis-Checkpoint</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="326"/>
        <source>Tuned Checkpoint</source>
        <translation>Nachtrainierter Checkpoint</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="332"/>
        <source>Territory Folder</source>
        <translation>Territoriumsordner</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="333"/>
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="334"/>
        <source>Text and JSONL (*.txt *.md *.jsonl);;All files (*)</source>
        <translation>Text und JSONL (*.txt *.md *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="339"/>
        <source>Tokenizer Folder</source>
        <translation>Tokenizer-Ordner</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="340"/>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <location filename="../widgets/runs/rundialog.cpp" line="341"/>
        <source>Tokenizers (*.json *.model *.gguf *.bin);;All files (*)</source>
        <translation>Tokenizer (*.json *.model *.gguf *.bin);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>widgets::SampleColumnsView</name>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="23"/>
        <source>Tokens are coloured by −log p under the base map: white = what the base map expects, red = what it would hardly have written (%1 nats and more). Hover a token for its log-prob under every map.</source>
        <translation>Tokens sind nach −log p unter der Basiskarte eingefärbt: weiß = was die Basiskarte erwartet, rot = was sie kaum geschrieben hätte (%1 nats und mehr). Mauszeiger über ein Token halten, um seine Log-Wahrscheinlichkeit unter jeder Karte zu sehen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="30"/>
        <source>No samples yet: choose the settings above and press Sample.</source>
        <translation>Noch keine Stichproben: oben die Einstellungen wählen und „Stichprobe ziehen“ drücken.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="77"/>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="78"/>
        <source>context full</source>
        <translation>Kontext voll</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="79"/>
        <source>max tokens</source>
        <translation>max. Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplecolumns.cpp" line="80"/>
        <source>no tokens</source>
        <translation>keine Tokens</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/samplecolumns.cpp" line="81"/>
        <source>%n token(s), %1; mean log p under the base map %2</source>
        <translation>
            <numerusform>%n Token, %1; mittleres log p unter der Basiskarte %2</numerusform>
            <numerusform>%n Tokens, %1; mittleres log p unter der Basiskarte %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::SamplePanel</name>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="30"/>
        <source>The text every map continues (empty: from the beginning of a document)</source>
        <translation>Der Text, den jede Karte fortsetzt (leer: ab dem Anfang eines Dokuments)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="34"/>
        <source>The conditioning prompt of the base + prompt column (a prompt of the session, or any text); empty: no such column</source>
        <translation>Der konditionierende Prompt der Spalte Basis + Prompt (ein Prompt der Sitzung oder beliebiger Text); leer: keine solche Spalte</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="40"/>
        <source>0 is greedy: every map takes its most probable token</source>
        <translation>0 ist greedy: Jede Karte wählt ihr wahrscheinlichstes Token</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="48"/>
        <source>Every column draws with this seed: the same seed gives the same text</source>
        <translation>Jede Spalte zieht mit diesem Seed: Derselbe Seed ergibt denselben Text</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="57"/>
        <source>Amplification α: logits = base + α (tuned − base). 0 is the base map, 1 the tuned map, above 1 magnifies what tuning changed, below 0 reverses it</source>
        <translation>Verstärkung α: logits = Basis + α (getunt − Basis). 0 ist die Basiskarte, 1 die getunte Karte, über 1 wird verstärkt, was das Tuning verändert hat, unter 0 wird es umgekehrt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="61"/>
        <source>Sample</source>
        <translation>Stichprobe ziehen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="63"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="71"/>
        <source>Sample sets stored in the session; choosing one shows it as it was sampled</source>
        <translation>In der Sitzung gespeicherte Stichproben-Sets; ein ausgewähltes wird so angezeigt, wie es gezogen wurde</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="73"/>
        <source>Delete Set…</source>
        <translation>Set löschen…</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="74"/>
        <source>Deletes the chosen stored sample set from the session file</source>
        <translation>Löscht das gewählte gespeicherte Stichproben-Set aus der Sitzungsdatei</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="83"/>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="84"/>
        <source>&amp;Zoom prompt:</source>
        <translation>&amp;Zoom-Prompt:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="92"/>
        <source>&amp;Temperature:</source>
        <translation>&amp;Temperatur:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="93"/>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="94"/>
        <source>S&amp;eed:</source>
        <translation>S&amp;eed:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="95"/>
        <source>Max &amp;tokens:</source>
        <translation>Max. To&amp;kens:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="97"/>
        <source>Settings:</source>
        <translation>Einstellungen:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="102"/>
        <source>&amp;Amplify:</source>
        <translation>&amp;Verstärken:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="110"/>
        <source>Stored sets:</source>
        <translation>Gespeicherte Sets:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="156"/>
        <source>α = %1</source>
        <translation>α = %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="163"/>
        <source>(no amplified column)</source>
        <translation>(keine verstärkte Spalte)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="190"/>
        <source>The session has no base map to sample: add checkpoints first</source>
        <translation>Die Sitzung hat keine Basiskarte für Stichproben: zuerst Checkpoints hinzufügen</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/samplepanel.cpp" line="214"/>
        <source>Sampling %n map(s) side by side</source>
        <translation>
            <numerusform>Stichprobe aus %n Karte</numerusform>
            <numerusform>Stichproben aus %n Karten nebeneinander</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="238"/>
        <source>Reading the stored sample sets</source>
        <translation>Gespeicherte Stichproben-Sets werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="245"/>
        <source>#%1 %2 “%3”</source>
        <translation>#%1 %2 „%3“</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="256"/>
        <source>Reading sample set %1</source>
        <translation>Stichproben-Set %1 wird gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="268"/>
        <source>Delete Sample Set</source>
        <translation>Stichproben-Set löschen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="269"/>
        <source>Delete the stored sample set %1 from the session file? This cannot be undone.</source>
        <translation>Das gespeicherte Stichproben-Set %1 aus der Sitzungsdatei löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/samplepanel.cpp" line="279"/>
        <source>Deleting sample set %1</source>
        <translation>Stichproben-Set %1 wird gelöscht</translation>
    </message>
</context>
<context>
    <name>widgets::ScatterPlot</name>
    <message>
        <location filename="../widgets/map/scatterplot.cpp" line="35"/>
        <source>Drag to pan, wheel to zoom, Shift+drag to lasso a slice; click a point to select its token, double-click to show it in the Territory view</source>
        <translation>Ziehen verschiebt, Mausrad zoomt, Umschalt+Ziehen umrandet einen Ausschnitt mit dem Lasso; Klick auf einen Punkt wählt sein Token, Doppelklick zeigt es in der Ansicht „Territorium“</translation>
    </message>
    <message>
        <location filename="../widgets/map/scatterplot.cpp" line="225"/>
        <source>This run has no projection</source>
        <translation>Dieser Lauf hat keine Projektion</translation>
    </message>
</context>
<context>
    <name>widgets::Session</name>
    <message>
        <location filename="../widgets/runs/runlauncher.cpp" line="29"/>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <location filename="../widgets/runs/runlauncher.cpp" line="46"/>
        <source>This build has no analysis engine yet: the run was not started.</source>
        <translation>Diese Version enthält noch keine Analyse-Engine: Der Lauf wurde nicht gestartet.</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="28"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="29"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="30"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="31"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="32"/>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="56"/>
        <source>%1, all %2 shards</source>
        <translation>%1, alle %2 Shards</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="57"/>
        <source>%1 shards of %2, missing %3</source>
        <translation>%1 von %2 Shards, es fehlt %3</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="82"/>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="92"/>
        <source>Create %1</source>
        <translation>%1 anlegen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="106"/>
        <source>Save %1</source>
        <translation>%1 speichern</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="132"/>
        <source>Save as %1</source>
        <translation>Speichern unter %1</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="132"/>
        <source>Save a copy as %1</source>
        <translation>Kopie speichern als %1</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="298"/>
        <source>Open or create a session first: token shifts are kept in it.</source>
        <translation>Zuerst eine Sitzung öffnen oder anlegen: Token-Verschiebungen werden darin gespeichert.</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="377"/>
        <source>Load run %1</source>
        <translation>Lauf %1 laden</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="416"/>
        <location filename="../widgets/session/session.cpp" line="436"/>
        <source>Slices</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="417"/>
        <source>Slice %1: %2</source>
        <translation>Ausschnitt %1: %2</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="420"/>
        <source>Summarise slice %1</source>
        <translation>Ausschnitt %1 zusammenfassen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="420"/>
        <source>Summarise run</source>
        <translation>Lauf zusammenfassen</translation>
    </message>
    <message>
        <location filename="../widgets/session/session.cpp" line="437"/>
        <source>The slice does not apply to this run; showing every position instead.</source>
        <translation>Der Ausschnitt passt nicht zu diesem Lauf; stattdessen werden alle Positionen angezeigt.</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="104"/>
        <source>This checkpoint is already in the session.</source>
        <translation>Dieser Checkpoint ist bereits in der Sitzung.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/session/sessionedits.cpp" line="121"/>
        <source>Add %n checkpoint(s)</source>
        <translation>
            <numerusform>%n Checkpoint hinzufügen</numerusform>
            <numerusform>%n Checkpoints hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="144"/>
        <source>Remove checkpoint %1</source>
        <translation>Checkpoint %1 entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="155"/>
        <source>Rename %1 to %2</source>
        <translation>%1 in %2 umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="168"/>
        <source>Make %1 %2</source>
        <translation>%1 als %2 festlegen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="168"/>
        <source>the base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="168"/>
        <source>a tuned map</source>
        <translation>nachtrainierte Karte</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="182"/>
        <source>Move %1 in the lineage</source>
        <translation>%1 in der Abstammung verschieben</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="200"/>
        <source>Lineage</source>
        <translation>Abstammung</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="201"/>
        <source>%1 cannot be the parent of %2: it descends from %2.</source>
        <translation>%1 kann nicht der Vorgänger von %2 sein: %1 stammt von %2 ab.</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="206"/>
        <source>Clear the parent of %1</source>
        <translation>Vorgänger von %1 entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="207"/>
        <source>Make %1 the parent of %2</source>
        <translation>%1 zum Vorgänger von %2 machen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="230"/>
        <source>Edit notes of %1</source>
        <translation>Notizen zu %1 bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="248"/>
        <source>Prompt %1</source>
        <translation>Prompt %1</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="252"/>
        <source>Add prompt %1</source>
        <translation>Prompt %1 hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="262"/>
        <source>A prompt needs a name; “%1” kept its own.</source>
        <translation>Ein Prompt braucht einen Namen; „%1“ behält seinen eigenen.</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="267"/>
        <source>Another prompt is called “%1”; “%2” kept its name.</source>
        <translation>Ein anderer Prompt heißt „%1“; „%2“ behält seinen Namen.</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="273"/>
        <source>Rename prompt %1 to %2</source>
        <translation>Prompt %1 in %2 umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="284"/>
        <source>Edit prompt %1</source>
        <translation>Prompt %1 bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="293"/>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="298"/>
        <source>Duplicate prompt %1</source>
        <translation>Prompt %1 duplizieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="308"/>
        <source>Tag prompt %1</source>
        <translation>Prompt %1 taggen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="317"/>
        <source>Annotate prompt %1</source>
        <translation>Prompt %1 annotieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="327"/>
        <source>Remove prompt %1</source>
        <translation>Prompt %1 entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="335"/>
        <source>Add slice %1</source>
        <translation>Ausschnitt %1 hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="346"/>
        <source>Remove slice %1</source>
        <translation>Ausschnitt %1 entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="358"/>
        <source>Rename slice to %1</source>
        <translation>Ausschnitt in %1 umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="394"/>
        <source>Annotate “%1”</source>
        <translation>„%1“ annotieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="404"/>
        <source>Remove annotation</source>
        <translation>Annotation entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionedits.cpp" line="413"/>
        <source>Edit annotation</source>
        <translation>Annotation bearbeiten</translation>
    </message>
</context>
<context>
    <name>widgets::SessionDock</name>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="43"/>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="61"/>
        <source>Search notes and text</source>
        <translation>Notizen und Text durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="65"/>
        <source>New Run…</source>
        <translation>Neuer Lauf…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="65"/>
        <source>Compare checkpoints over a territory</source>
        <translation>Checkpoints über einem Territorium vergleichen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="67"/>
        <location filename="../widgets/session/sessiondock.cpp" line="215"/>
        <source>New Slice…</source>
        <translation>Neuer Ausschnitt…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="67"/>
        <source>Define a slice from a metric threshold, metadata or text</source>
        <translation>Einen Ausschnitt über einen Metrik-Schwellenwert, Metadaten oder Text definieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="69"/>
        <location filename="../widgets/session/sessiondock.cpp" line="216"/>
        <source>All Positions</source>
        <translation>Alle Positionen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="69"/>
        <source>Stop restricting the views to a slice</source>
        <translation>Ansichten nicht mehr auf einen Ausschnitt beschränken</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="71"/>
        <source>Add Prompt…</source>
        <translation>Prompt hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="71"/>
        <source>Keep a conditioning prompt for zoomed runs</source>
        <translation>Einen Konditionierungs-Prompt für gezoomte Läufe aufbewahren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="74"/>
        <source>Add Prompt</source>
        <translation>Prompt hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="74"/>
        <source>Prompt text:</source>
        <translation>Prompt-Text:</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="78"/>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="79"/>
        <source>Territories</source>
        <translation>Territorien</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="80"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="81"/>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="82"/>
        <source>Slices</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="88"/>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="102"/>
        <source>Double-click a run to show it in every view</source>
        <translation>Doppelklick auf einen Lauf zeigt ihn in jeder Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="103"/>
        <source>Click a slice to restrict every view to it; right-click to rename or remove</source>
        <translation>Klick auf einen Ausschnitt beschränkt jede Ansicht darauf; Rechtsklick zum Umbenennen oder Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="104"/>
        <source>Double-click a note to show its tokens</source>
        <translation>Doppelklick auf eine Notiz zeigt ihre Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="135"/>
        <source>Lineage order, base first: drag rows or use ↑/↓; double-click a name to rename</source>
        <translation>Abstammungsreihenfolge, Basis zuerst: Zeilen ziehen oder ↑/↓ verwenden; Doppelklick auf einen Namen zum Umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="137"/>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="137"/>
        <source>Earlier in the lineage</source>
        <translation>Früher in der Abstammung</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="138"/>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="138"/>
        <source>Later in the lineage</source>
        <translation>Später in der Abstammung</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="139"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="139"/>
        <source>Add checkpoint folders or files (or drop them on the window)</source>
        <translation>Checkpoint-Ordner oder -Dateien hinzufügen (oder auf das Fenster ziehen)</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="168"/>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="169"/>
        <source>Make Base</source>
        <translation>Zur Basis machen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="171"/>
        <source>Make Tuned</source>
        <translation>Als nachtrainiert markieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="174"/>
        <source>Tuned From</source>
        <translation>Nachtrainiert aus</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="176"/>
        <source>Not Set (Guess From Names)</source>
        <translation>Nicht festgelegt (aus Namen vermuten)</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="186"/>
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="187"/>
        <source>Move Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="188"/>
        <source>Edit Notes…</source>
        <translation>Notizen bearbeiten…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="190"/>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="190"/>
        <source>Notes on %1:</source>
        <translation>Notizen zu %1:</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="194"/>
        <source>Remove from Session</source>
        <translation>Aus Sitzung entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="196"/>
        <source>Add Checkpoints…</source>
        <translation>Checkpoints hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="205"/>
        <source>Show Only This Slice</source>
        <translation>Nur diesen Ausschnitt zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="206"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="209"/>
        <source>Rename Slice</source>
        <translation>Ausschnitt umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="209"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="212"/>
        <location filename="../widgets/session/sessiondock.cpp" line="232"/>
        <location filename="../widgets/session/sessiondock.cpp" line="241"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="225"/>
        <source>Show Tokens</source>
        <translation>Tokens zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="226"/>
        <source>Edit Note…</source>
        <translation>Notiz bearbeiten…</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="228"/>
        <source>Edit Note</source>
        <translation>Notiz bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="228"/>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessiondock.cpp" line="252"/>
        <source>This note belongs to another territory: open a run over it to see the tokens.</source>
        <translation>Diese Notiz gehört zu einem anderen Territorium: Öffnen Sie einen Lauf darüber, um die Tokens zu sehen.</translation>
    </message>
</context>
<context>
    <name>widgets::SessionListModel</name>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="92"/>
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="92"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="93"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="93"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="94"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="94"/>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="96"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="95"/>
        <source>Slice</source>
        <translation>Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="95"/>
        <source>Definition</source>
        <translation>Definition</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="96"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="96"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="115"/>
        <source>%1
%2 documents, %3
content sha256 %4</source>
        <translation>%1
%2 Dokumente, %3
Inhalts-SHA-256 %4</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="124"/>
        <source>%1
Maps: %2
Territory: %3</source>
        <translation>%1
Karten: %2
Territorium: %3</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="125"/>
        <source>
Prompt: %1</source>
        <translation>
Prompt: %1</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="127"/>
        <source>
Double-click to show this run</source>
        <translation>
Doppelklick zeigt diesen Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="149"/>
        <source>%1
Click to restrict every view to this slice</source>
        <translation>%1
Klick beschränkt jede Ansicht auf diesen Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="166"/>
        <source>“%1”
%2, bytes %3–%4 of its text
%5</source>
        <translation>„%1“
%2, Bytes %3–%4 seines Textes
%5</translation>
    </message>
    <message>
        <location filename="../widgets/session/sessionlistmodel.cpp" line="167"/>
        <source>“%1”
%2, tokens %3–%4 (pinned to token positions: no run could place it in the text)
%5</source>
        <translation>„%1“
%2, Tokens %3–%4 (an Token-Positionen geheftet: kein Lauf konnte die Notiz im Text verorten)
%5</translation>
    </message>
</context>
<context>
    <name>widgets::SessionWatch</name>
    <message>
        <location filename="../widgets/session/sessionwatch.cpp" line="44"/>
        <source>Check %1 for new runs</source>
        <translation>%1 auf neue Läufe prüfen</translation>
    </message>
</context>
<context>
    <name>widgets::ShiftModel</name>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="41"/>
        <source>%1 of %2 generated tokens</source>
        <translation>%1 von %2 generierten Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="52"/>
        <source>Tuned map</source>
        <translation>Getunte Karte</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="53"/>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="54"/>
        <source>Unshifted</source>
        <translation>Unverschoben</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="55"/>
        <source>Marginal</source>
        <translation>Marginal</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="56"/>
        <source>Shifted</source>
        <translation>Verschoben</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="61"/>
        <source>The base map ranks the tuned map&apos;s token first</source>
        <translation>Die Basiskarte setzt das Token der getunten Karte auf Rang 1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="62"/>
        <source>The base map ranks it second or third</source>
        <translation>Die Basiskarte setzt es auf Rang 2 oder 3</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftmodel.cpp" line="63"/>
        <source>The base map ranks it below third: tuning put it there</source>
        <translation>Die Basiskarte setzt es unter Rang 3: Das Tuning hat es dorthin gebracht</translation>
    </message>
</context>
<context>
    <name>widgets::ShiftView</name>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="69"/>
        <source>Recorded &amp;shift:</source>
        <translation>Aufgezeichnete &amp;Verschiebung:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="76"/>
        <source>Generated tokens for &amp;prompt:</source>
        <translation>Generierte Tokens für &amp;Prompt:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="81"/>
        <source>unshifted (base rank 1)</source>
        <translation>unverschoben (Basisrang 1)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="82"/>
        <source>marginal (rank 2–3)</source>
        <translation>marginal (Rang 2–3)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="83"/>
        <source>shifted (rank &gt; 3)</source>
        <translation>verschoben (Rang &gt; 3)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="110"/>
        <source>Token shift</source>
        <translation>Token-Verschiebung</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="111"/>
        <source>Each tuned map decodes greedily from every ticked prompt; each of its tokens is ranked under the base map given the same prefix.</source>
        <translation>Jede getunte Karte dekodiert greedy ab jedem angehakten Prompt; jedes ihrer Tokens wird unter der Basiskarte bei gleichem Präfix eingestuft.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="121"/>
        <source> tokens</source>
        <translation> Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="122"/>
        <source>Tokens each tuned map decodes per prompt (fewer at EOS or the end of the window)</source>
        <translation>Tokens, die jede getunte Karte pro Prompt dekodiert (weniger bei EOS oder am Ende des Fensters)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="123"/>
        <source>&amp;Run Token Shift</source>
        <translation>Token-Verschiebung aus&amp;führen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="125"/>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="138"/>
        <source>&amp;Decode:</source>
        <translation>&amp;Dekodieren:</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="147"/>
        <source>Prompts:</source>
        <translation>Prompts:</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="198"/>
        <source>Decoding %n prompt(s) with each tuned map…</source>
        <translation>
            <numerusform>%n Prompt wird mit jeder getunten Karte dekodiert…</numerusform>
            <numerusform>%n Prompts werden mit jeder getunten Karte dekodiert…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="203"/>
        <source>Token shift of %n map(s)</source>
        <translation>
            <numerusform>Token-Verschiebung von %n Karte</numerusform>
            <numerusform>Token-Verschiebung von %n Karten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="210"/>
        <source>Recorded in the session.</source>
        <translation>In der Sitzung aufgezeichnet.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="211"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="242"/>
        <source>%1 — %n prompt(s), %2 tokens each</source>
        <translation>
            <numerusform>%1 — %n Prompt, je %2 Tokens</numerusform>
            <numerusform>%1 — %n Prompts, je %2 Tokens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="252"/>
        <source> — %1 of %2 prompts; missing from %3 shards: %4</source>
        <translation> — %1 von %2 Prompts; von %3 Shards fehlen: %4</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="295"/>
        <source>No token shift recorded yet: tick prompts and run one.</source>
        <translation>Noch keine Token-Verschiebung aufgezeichnet: Prompts anhaken und eine ausführen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="302"/>
        <source>Prompt: &lt;tt&gt;%1&lt;/tt&gt;</source>
        <translation>Prompt: &lt;tt&gt;%1&lt;/tt&gt;</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="312"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 of %n token(s) shifted</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2 von %n Token verschoben</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2 von %n Tokens verschoben</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/shiftview.cpp" line="322"/>
        <source>token %1 (id %2): rank %3 under the base map</source>
        <translation>Token %1 (ID %2): Rang %3 unter der Basiskarte</translation>
    </message>
</context>
<context>
    <name>widgets::SliceDialog</name>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="23"/>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="26"/>
        <source>New Slice</source>
        <translation>Neuer Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="28"/>
        <source>A name (optional: the definition is used)</source>
        <translation>Ein Name (optional; sonst wird die Definition verwendet)</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="41"/>
        <source>above</source>
        <translation>über</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="42"/>
        <source>below</source>
        <translation>unter</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="46"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="47"/>
        <source>Of map:</source>
        <translation>Der Karte:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="48"/>
        <source>Keep positions:</source>
        <translation>Positionen behalten:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="49"/>
        <source>Threshold:</source>
        <translation>Schwellenwert:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="50"/>
        <source>Metric threshold</source>
        <translation>Metrik-Schwellenwert</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="59"/>
        <source>Field:</source>
        <translation>Feld:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="60"/>
        <source>Values:</source>
        <translation>Werte:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="61"/>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="65"/>
        <source>e.g. \b(said|asked)\b</source>
        <translation>z. B. \b(said|asked)\b</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="66"/>
        <source>Regular expression:</source>
        <translation>Regulärer Ausdruck:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="68"/>
        <source>Keeps every token that overlaps a match in the document text.</source>
        <translation>Behält jedes Token, das sich mit einem Treffer im Dokumenttext überschneidet.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="69"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="74"/>
        <source>all of (and)</source>
        <translation>alle (und)</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="75"/>
        <source>any of (or)</source>
        <translation>mindestens einer (oder)</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="76"/>
        <source>not</source>
        <translation>nicht</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="85"/>
        <source>Keep positions in:</source>
        <translation>Positionen behalten in:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="86"/>
        <source>Of the slices:</source>
        <translation>Der Ausschnitte:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="87"/>
        <source>Refers to the saved slices by name: renaming one keeps the combination.</source>
        <translation>Verweist über den Namen auf die gespeicherten Ausschnitte: Umbenennen erhält die Kombination.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="88"/>
        <source>Combine</source>
        <translation>Kombinieren</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="95"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="174"/>
        <source>Open a run first: a threshold needs its maps.</source>
        <translation>Öffnen Sie zuerst einen Lauf: Ein Schwellenwert braucht dessen Karten.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="176"/>
        <source>%1 compares a map with the base: choose a tuned map.</source>
        <translation>%1 vergleicht eine Karte mit der Basis: Wählen Sie eine nachtrainierte Karte.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="179"/>
        <source>The territory of this run has no metadata fields.</source>
        <translation>Das Territorium dieses Laufs hat keine Metadatenfelder.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="180"/>
        <source>Tick at least one value of %1.</source>
        <translation>Kreuzen Sie mindestens einen Wert von %1 an.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="183"/>
        <source>Type a regular expression.</source>
        <translation>Geben Sie einen regulären Ausdruck ein.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="186"/>
        <source>Not a valid regular expression: %1.</source>
        <translation>Kein gültiger regulärer Ausdruck: %1.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="192"/>
        <source>Save a slice first: a combination is made of saved slices.</source>
        <translation>Speichern Sie zuerst einen Ausschnitt: Eine Kombination besteht aus gespeicherten Ausschnitten.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="193"/>
        <source>Tick exactly one slice to negate.</source>
        <translation>Kreuzen Sie genau einen Ausschnitt zum Verneinen an.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="194"/>
        <source>Tick at least two slices to combine.</source>
        <translation>Kreuzen Sie mindestens zwei Ausschnitte zum Kombinieren an.</translation>
    </message>
    <message>
        <location filename="../widgets/session/slicedialog.cpp" line="199"/>
        <source>Cannot combine these slices: %1</source>
        <translation>Diese Ausschnitte lassen sich nicht kombinieren: %1</translation>
    </message>
</context>
<context>
    <name>widgets::SummaryModel</name>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="67"/>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="68"/>
        <source>zoomed</source>
        <translation>gezoomt</translation>
    </message>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="69"/>
        <source>tuned</source>
        <translation>nachtrainiert</translation>
    </message>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="82"/>
        <source>Needs whole documents; this slice keeps only parts of some</source>
        <translation>Benötigt ganze Dokumente; dieser Ausschnitt enthält von manchen nur Teile</translation>
    </message>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="90"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/overview/summarymodel.cpp" line="91"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
</context>
<context>
    <name>widgets::TerritoryView</name>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="39"/>
        <source>Search names, metadata and text (/regex)</source>
        <translation>Namen, Metadaten und Text durchsuchen (/Regex)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="41"/>
        <source>Filters the documents; start with / for a regular expression</source>
        <translation>Filtert die Dokumente; mit / beginnen für einen regulären Ausdruck</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="57"/>
        <source>Whose document statistics the list shows (the selected map everywhere)</source>
        <translation>Wessen Dokumentstatistik die Liste zeigt (überall die ausgewählte Karte)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="63"/>
        <source>What colours the rows under the tokens</source>
        <translation>Wonach die Zeilen unter den Tokens gefärbt werden</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="65"/>
        <source>A row for the base map zoomed by a prompt of a zoom run of this run: KL(selected map ‖ zoomed base), read beside that map&apos;s KL(map ‖ base)</source>
        <translation>Eine Zeile für die Basiskarte, gezoomt von einem Prompt eines Zoom-Laufs dieses Laufs: KL(gewählte Karte ‖ gezoomte Basis), neben der KL(Karte ‖ Basis) dieser Karte zu lesen</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="67"/>
        <location filename="../widgets/territory/territoryview.cpp" line="308"/>
        <source>No zoom row</source>
        <translation>Keine Zoom-Zeile</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="73"/>
        <source>How far the colours reach: this percentile of |value| gets the end colour; values beyond it are drawn at the end colour and marked with a notch</source>
        <translation>Wie weit die Farben reichen: Dieses Perzentil von |Wert| erhält die Endfarbe; Werte darüber hinaus werden in der Endfarbe gezeichnet und mit einer Kerbe markiert</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="76"/>
        <source>per map</source>
        <translation>je Karte</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="77"/>
        <source>shared</source>
        <translation>gemeinsam</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="78"/>
        <source>Per map: each row&apos;s range from its own values, so every map&apos;s differences show; shared: one range over every row, so equal colours mean equal values</source>
        <translation>Je Karte: Der Bereich jeder Zeile aus ihren eigenen Werten, sodass die Unterschiede jeder Karte sichtbar werden; gemeinsam: ein Bereich über alle Zeilen, sodass gleiche Farben gleiche Werte bedeuten</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="103"/>
        <source>Statistics of:</source>
        <translation>Statistik von:</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="111"/>
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="113"/>
        <source>Zoom row:</source>
        <translation>Zoom-Zeile:</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="118"/>
        <source>Range:</source>
        <translation>Bereich:</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="211"/>
        <source>every map</source>
        <translation>alle Karten</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="278"/>
        <source>Reading zoom runs</source>
        <translation>Zoom-Läufe werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="311"/>
        <source>base + %1</source>
        <translation>Basis + %1</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="312"/>
        <source> (zoom run %1)</source>
        <translation> (Zoom-Lauf %1)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="336"/>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="360"/>
        <source>Reading document %1</source>
        <translation>Dokument %1 wird gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="366"/>
        <source>The tracks of this document cannot be read: %1</source>
        <translation>Die Spuren dieses Dokuments können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="383"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 scored tokens%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 bewertete Tokens%3</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="392"/>
        <source>Choose a document on the left.</source>
        <translation>Wählen Sie links ein Dokument.</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="392"/>
        <source>No run loaded.</source>
        <translation>Kein Lauf geladen.</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="406"/>
        <source>Click a token to compare every map&apos;s top-%1 there.</source>
        <translation>Klicken Sie auf ein Token, um dort die Top-%1 aller Karten zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="410"/>
        <source>Token %1 &lt;b&gt;%2&lt;/b&gt;: each map&apos;s most probable next tokens (the truth in bold)</source>
        <translation>Token %1 &lt;b&gt;%2&lt;/b&gt;: die wahrscheinlichsten nächsten Tokens jeder Karte (das wahre fett)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="422"/>
        <source>%1 (pinned to token positions: it may sit on other words under this tokenizer)</source>
        <translation>%1 (an Token-Positionen geheftet: unter diesem Tokenizer liegt die Notiz womöglich auf anderen Wörtern)</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="443"/>
        <source>Annotate Span</source>
        <translation>Bereich annotieren</translation>
    </message>
    <message>
        <location filename="../widgets/territory/territoryview.cpp" line="444"/>
        <source>Note on tokens %1–%2:</source>
        <translation>Notiz zu den Tokens %1–%2:</translation>
    </message>
</context>
<context>
    <name>widgets::TokenStrip</name>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="25"/>
        <source>Click a token to select it in every view; drag or shift-click to select a span, right-click to annotate it</source>
        <translation>Klick auf ein Token wählt es in jeder Ansicht aus; Ziehen oder Umschalt+Klick wählt einen Bereich, Rechtsklick annotiert ihn</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="297"/>
        <source>Choose a document to see its tokens</source>
        <translation>Wählen Sie ein Dokument, um seine Tokens zu sehen</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="413"/>
        <source>Annotate Span…</source>
        <translation>Bereich annotieren…</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="415"/>
        <source>Copy Text</source>
        <translation>Text kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="434"/>
        <source>shows KL(map ‖ base) only: choose that metric</source>
        <translation>zeigt nur KL(Karte ‖ Basis): diese Metrik wählen</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="435"/>
        <source>KL(tuned ‖ zoomed base) %1 nats</source>
        <translation>KL(nachtrainiert ‖ gezoomte Basis) %1 nats</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="439"/>
        <source>%1: beyond the colour range (%2), drawn at its end colour</source>
        <translation>%1: jenseits des Farbbereichs (%2), in seiner Endfarbe gezeichnet</translation>
    </message>
    <message>
        <location filename="../widgets/territory/tokenstrip.cpp" line="444"/>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
</context>
<context>
    <name>widgets::TopKModel</name>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="70"/>
        <source>%1 gives “%2” probability %3</source>
        <translation>%1 gibt „%2“ die Wahrscheinlichkeit %3</translation>
    </message>
    <message>
        <location filename="../widgets/territory/topkmodel.cpp" line="93"/>
        <source>The %1 most probable next tokens under %2</source>
        <translation>Die %1 wahrscheinlichsten nächsten Tokens unter %2</translation>
    </message>
</context>
<context>
    <name>widgets::ZoomBars</name>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="17"/>
        <source>Choose a token in the Territory view and a prompt to zoom at it.</source>
        <translation>Ein Token in der Territoriumsansicht und einen Prompt wählen, um darauf zu zoomen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="52"/>
        <source>token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="89"/>
        <source>KL(map ‖ base) %1</source>
        <translation>KL(Karte ‖ Basis) %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="90"/>
        <source>KL(map ‖ zoomed) %1</source>
        <translation>KL(Karte ‖ gezoomt) %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="91"/>
        <source>recovered here %1 %</source>
        <translation>hier zurückgewonnen %1 %</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="97"/>
        <source>the base map</source>
        <translation>die Basiskarte</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="97"/>
        <source>the base map under the prompt</source>
        <translation>die Basiskarte unter dem Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoombars.cpp" line="112"/>
        <source>next token in the territory: %1 (bold); bars: probability, one shared token order</source>
        <translation>nächstes Token im Territorium: %1 (fett); Balken: Wahrscheinlichkeit, eine gemeinsame Token-Reihenfolge</translation>
    </message>
</context>
<context>
    <name>widgets::ZoomStudio</name>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="60"/>
        <source>Zoom over the territory</source>
        <translation>Zoom über das Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="68"/>
        <source>Prompts (checked ones are zoomed)</source>
        <translation>Prompts (angehakte werden gezoomt)</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="73"/>
        <source>Zoom the base map of the current run with each checked prompt; the maps the run stored are reused</source>
        <translation>Die Basiskarte des aktuellen Laufs mit jedem angehakten Prompt zoomen; die vom Lauf gespeicherten Karten werden wiederverwendet</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="78"/>
        <source>Ranking: share of each tuning each prompt explains</source>
        <translation>Rangliste: Anteil jedes Tunings, den jeder Prompt erklärt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="81"/>
        <source>Best prompt</source>
        <translation>Bester Prompt</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="90"/>
        <source>Zoom at the selected token with</source>
        <translation>Auf das ausgewählte Token zoomen mit</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="157"/>
        <source>Open a session and a run first.</source>
        <translation>Zuerst eine Sitzung und einen Lauf öffnen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="170"/>
        <source>The session has no prompts to zoom with.</source>
        <translation>Die Sitzung hat keine Prompts zum Zoomen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/zoomstudio.cpp" line="174"/>
        <source>Zooming with %n prompt(s)…</source>
        <translation>
            <numerusform>Zoomen mit %n Prompt…</numerusform>
            <numerusform>Zoomen mit %n Prompts…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="177"/>
        <location filename="../widgets/studio/zoomstudio.cpp" line="187"/>
        <source>Zoom run</source>
        <translation>Zoom-Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="191"/>
        <source>Reused the stored run; zoomed in %1 s.</source>
        <translation>Gespeicherten Lauf wiederverwendet; in %1 s gezoomt.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="192"/>
        <source>Computed the unprompted run and zoomed in %1 s.</source>
        <translation>Lauf ohne Prompt berechnet und in %1 s gezoomt.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="199"/>
        <source>per document</source>
        <translation>pro Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="203"/>
        <source>per %1</source>
        <translation>pro %1</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="229"/>
        <source>Zoom ranking</source>
        <translation>Zoom-Rangliste</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="240"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="251"/>
        <source>Zoom over the territory first, then choose a token in the Territory view.</source>
        <translation>Zuerst über das Territorium zoomen, dann ein Token in der Territoriumsansicht wählen.</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="264"/>
        <source>Zooming at the token…</source>
        <translation>Auf das Token zoomen…</translation>
    </message>
    <message>
        <location filename="../widgets/studio/zoomstudio.cpp" line="266"/>
        <source>Zoom at a token</source>
        <translation>Auf ein Token zoomen</translation>
    </message>
</context>
</TS>
