-- The README's Neovim setup, run for real: `nvim --headless -u tests/editors/neovim.lua FILE`
-- (tests/editors/neovim.sh lays out the project and calls it). The configuration is the
-- README's `lua` block itself, loaded from README.md, so the snippet users copy is the one
-- proven here. Then, on the opened file: diagnostics from source `ssotlint` with the code
-- `direct-env-read`, the code actions at that line (suppress, documentation), hover, and the
-- suppress action applied: the finding goes and the cursor lands at the reason.
-- Exits 0 when every check holds, 1 otherwise.

local readme_path = assert(os.getenv('SSOTLINT_README'), 'SSOTLINT_README is not set')
local timeout_ms = tonumber(os.getenv('SSOTLINT_TIMEOUT_MS') or '20000')

local function say(text)
  io.stdout:write(text, '\n')
  io.stdout:flush()
end

local function fail(text)
  say('FAIL: ' .. text)
  vim.cmd('cquit 1')
end

-- The README's ```lua neovim block (tests/editors.rs checks it is there, once).
local readme = assert(io.open(readme_path)):read('*a')
local snippet = readme:match('\n```lua neovim\n(.-\n)```\n')
if not snippet then
  fail('README.md has no ```lua neovim block')
  return
end
local chunk, syntax_error = load(snippet, '@README.md (Neovim snippet)')
if not chunk then
  fail('the README snippet does not load: ' .. syntax_error)
  return
end
chunk()

local function ours(buf)
  return vim.tbl_filter(function(d)
    return d.source == 'ssotlint'
  end, vim.diagnostic.get(buf))
end

local function show(buf, diagnostics)
  local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':.')
  for _, d in ipairs(diagnostics) do
    local severity = vim.diagnostic.severity[d.severity]:lower()
    local message = d.message:gsub('\n', '\n      ')
    say(('  %s:%d:%d: %s[%s] %s'):format(name, d.lnum + 1, d.col + 1, severity, d.code, message))
  end
end

local function with_code(diagnostics, code)
  for _, d in ipairs(diagnostics) do
    if d.code == code then
      return d
    end
  end
end

local function request(buf, method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, timeout_ms) or {}
  local results = {}
  for _, response in pairs(responses) do
    if response.err then
      error(method .. ': ' .. vim.inspect(response.err))
    end
    table.insert(results, response.result)
  end
  return results
end

local function check()
  local buf = vim.api.nvim_get_current_buf()
  say(('nvim %s, file %s (filetype %s)'):format(tostring(vim.version()), vim.fn.expand('%:.'), vim.bo[buf].filetype))

  local clients = {}
  vim.wait(timeout_ms, function()
    clients = vim.lsp.get_clients({ bufnr = buf, name = 'ssotlint' })
    return #clients > 0
  end, 20)
  if #clients == 0 then
    return fail('no `ssotlint` client attached to the buffer')
  end
  local client = clients[1]
  local mode = client.server_capabilities.diagnosticProvider and 'pulled' or 'pushed'
  say(('attached: %s, root %s, diagnostics %s'):format(client.name, client.root_dir, mode))

  if not vim.wait(timeout_ms, function()
    return with_code(ours(buf), 'direct-env-read') ~= nil
  end, 20) then
    show(buf, ours(buf))
    return fail('no `direct-env-read` diagnostic from source `ssotlint`')
  end
  say('diagnostics:')
  show(buf, ours(buf))
  local finding = with_code(ours(buf), 'direct-env-read')

  local lsp_range = finding.user_data.lsp.range
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp_range,
    context = { diagnostics = { finding.user_data.lsp } },
  }
  local actions = {}
  for _, result in ipairs(request(buf, 'textDocument/codeAction', params)) do
    vim.list_extend(actions, result)
  end
  say(('code actions at line %d:'):format(finding.lnum + 1))
  local suppress
  for _, action in ipairs(actions) do
    say('  ' .. action.title)
    if action.title == 'Suppress `direct-env-read` on this line' then
      suppress = action
    end
  end
  if not suppress then
    return fail('no action titled "Suppress `direct-env-read` on this line"')
  end

  local hover = request(buf, 'textDocument/hover', {
    textDocument = params.textDocument,
    position = lsp_range.start,
  })[1]
  local hover_text = hover and hover.contents and hover.contents.value or ''
  say('hover: ' .. (hover_text:match('[^\n]+') or '(none)'))
  if not hover_text:find('direct-env-read', 1, true) then
    return fail('hover at the finding does not name `direct-env-read`')
  end

  -- Apply the action as the code-action menu would: the edit, then its command, which asks
  -- Neovim (window/showDocument) to put the cursor where the reason goes.
  vim.lsp.util.apply_workspace_edit(suppress.edit, client.offset_encoding)
  if suppress.command then
    say(('suppress: edit, then command %s (%s)'):format(suppress.command.command, suppress.command.title))
    client:exec_cmd(suppress.command, { bufnr = buf })
  else
    say('suppress: edit only')
  end
  -- The server asks for the column just past the comment, where the reason goes. Normal
  -- mode cannot stand past a line's last character, so Neovim puts the cursor on it (the
  -- space after `--`): `a` then types the reason in place.
  local comment = '# ssotlint: allow(direct-env-read) -- '
  local function at_reason()
    local cursor = vim.api.nvim_win_get_cursor(0)
    return cursor[1] == finding.lnum + 1 and (cursor[2] == #comment or cursor[2] == #comment - 1)
  end
  if not vim.wait(timeout_ms, at_reason, 20) then
    local cursor = vim.api.nvim_win_get_cursor(0)
    return fail(('cursor at %d:%d, not at the reason (%d:%d)'):format(cursor[1], cursor[2], finding.lnum + 1, #comment))
  end
  local line = vim.api.nvim_buf_get_lines(buf, finding.lnum, finding.lnum + 1, true)[1]
  local column = vim.api.nvim_win_get_cursor(0)[2] + 1
  say(('after the suppress action, line %d: %q, cursor at column %d of %d'):format(finding.lnum + 1, line, column, #line))
  if line ~= comment then
    return fail('the suppress action inserted ' .. vim.inspect(line))
  end
  if not vim.wait(timeout_ms, function()
    return with_code(ours(buf), 'direct-env-read') == nil
  end, 20) then
    show(buf, ours(buf))
    return fail('`direct-env-read` is still reported after the suppress action')
  end
  say('diagnostics of the unsaved buffer after it:')
  show(buf, ours(buf))
  say('ok: the README Neovim setup works')
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(check, debug.traceback)
    if not ok then
      fail(err)
    end
  end,
})
