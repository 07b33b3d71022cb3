-- Drives Neovim's built-in LSP client against the .moe language server (headless), and writes
-- what the client saw as JSON to $MOE_OUT: the diagnostics, a completion list, a formatting
-- result, the quick fixes of the error whose message holds $MOE_FIX_MESSAGE, inlay hints and semantic
-- tokens. Run by neovim.test.ts.
local out_path = os.getenv('MOE_OUT')
local file = os.getenv('MOE_FILE')
local results = { errors = {} }

local function finish()
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'moe',
    cmd = { os.getenv('MOE_NODE'), os.getenv('MOE_BIN'), '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    init_options = { pedanticWarnings = false },
    settings = { moe = { validation = { pedanticWarnings = false } } },
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  results.attached = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  results.offset_encoding = client.offset_encoding
  results.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(results.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  local uri = vim.uri_from_bufnr(bufnr)
  local position = { line = tonumber(os.getenv('MOE_COMPLETION_LINE')), character = tonumber(os.getenv('MOE_COMPLETION_CHARACTER')) }
  local completion = client.request_sync('textDocument/completion', { textDocument = { uri = uri }, position = position }, 10000, bufnr)
  results.completion = {}
  local items = completion and completion.result and (completion.result.items or completion.result) or {}
  for _, item in ipairs(items) do
    local text = item.textEdit and item.textEdit.newText or item.insertText or item.label
    table.insert(results.completion, { label = item.label, format = item.insertTextFormat or 1, text = text, command = item.command and item.command.command or vim.NIL })
  end
  local formatting = client.request_sync('textDocument/formatting', { textDocument = { uri = uri }, options = { tabSize = 4, insertSpaces = true } }, 10000, bufnr)
  results.formatting = formatting and formatting.result or vim.NIL
  local first = nil
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.severity == vim.diagnostic.severity.ERROR and d.message:find(os.getenv('MOE_FIX_MESSAGE'), 1, true) then
      -- As plugins do: the LSP diagnostic rebuilt from Neovim's, whose columns are byte indices.
      first = {
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        message = d.message, severity = d.severity, data = d.user_data and d.user_data.lsp and d.user_data.lsp.data,
      }
      results.fix_request_column = d.col
      break
    end
  end
  results.actions = {}
  if first then
    local actions = client.request_sync('textDocument/codeAction', { textDocument = { uri = uri }, range = first.range, context = { diagnostics = { first } } }, 10000, bufnr)
    for _, action in ipairs(actions and actions.result or {}) do
      local edits = action.edit and action.edit.changes and action.edit.changes[uri] or {}
      table.insert(results.actions, { title = action.title, edits = edits })
    end
  end
  -- Inlay hints of the filled-in defaults and semantic tokens (requested directly: Neovim 0.7 shows neither).
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  results.inlay_advertised = caps.inlayHintProvider ~= nil
  results.legend = caps.semanticTokensProvider and caps.semanticTokensProvider.legend.tokenTypes or vim.NIL
  local hints = client.request_sync('textDocument/inlayHint', { textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ['end'] = { line = 9, character = 0 } } }, 10000, bufnr)
  results.inlay = {}
  for _, hint in ipairs(hints and hints.result or {}) do
    local label = hint.label
    if type(label) == 'table' then
      local parts = {}
      for _, part in ipairs(label) do table.insert(parts, part.value) end
      label = table.concat(parts)
    end
    table.insert(results.inlay, { line = hint.position.line, character = hint.position.character, label = label })
  end
  local tokens = client.request_sync('textDocument/semanticTokens/full', { textDocument = { uri = uri } }, 10000, bufnr)
  results.semantic = tokens and tokens.result and tokens.result.data or vim.NIL
  -- A method the server does not advertise must be refused as such, not answered with null.
  local unadvertised = client.request_sync('textDocument/moniker', { textDocument = { uri = uri }, position = position }, 10000, bufnr)
  results.unadvertised = unadvertised and { err = unadvertised.err and unadvertised.err.code or vim.NIL } or vim.NIL
  client.stop()
  vim.wait(3000, function() return client.is_stopped() end, 50)
end)
if not ok then table.insert(results.errors, tostring(err)) end
finish()
