const { chromium } = require("playwright-core");
(async () => {
  const [file, prefix] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto("file://" + file);
  await page.waitForTimeout(4000);
  const charts = await page.$$("div.lr2nn-chart");
  let k = 0;
  for (const c of charts) { await c.scrollIntoViewIfNeeded(); const drawn = await c.$("svg.main-svg"); await c.screenshot({ path: `${prefix}-${String(k).padStart(2, "0")}.png` }); console.log(k, drawn ? "drawn" : "NOT DRAWN"); k++; }
  await browser.close();
})();
